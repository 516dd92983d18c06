"""What the analysis notebooks share: where the repository is, a CJK font for matplotlib,
one colour per entity type, and a folder the figures are also saved to as PNG.

The notebooks import it as ``from nbsetup import …``: Jupyter, ``jupyter nbconvert
--execute`` and ``pytest --nbmake`` all run a notebook with its own folder as the
working directory, so this file is found beside them.
"""
from __future__ import annotations

import logging
import os
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from kg.schema import ENTITY_TYPES_TABLE


def repo_root(start: Path | None = None) -> Path:
    """The kg checkout: the first folder at or above `start` holding pyproject.toml and the sample."""
    start = (start or Path(__file__)).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "kg" / "data" / "sample").is_dir():
            return folder
    raise FileNotFoundError(f"no kg checkout (pyproject.toml beside kg/data/sample) at or above {start}")


ROOT = repo_root()
SAMPLE = ROOT / "kg" / "data" / "sample"  # the four made-up articles of kg/data/SAMPLE.md
QUERIES = ROOT / "ontology" / "queries"
# every figure is also written here as PNG; set KG_FIGURES to choose the folder
FIGURES = Path(os.environ.get("KG_FIGURES") or Path(tempfile.gettempdir()) / "kg-notebook-figures")

# the colours of the types on kg's page (kg.schema), so figures and page agree
TYPE_COLOURS = {t.name: t.colour for t in ENTITY_TYPES_TABLE}

# font families with Chinese glyphs, best first (Debian's fonts-wqy-zenhei, Noto/Source Han, Windows, macOS)
CJK_FAMILIES = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK", "Source Han Sans", "Noto Sans SC",
                "Noto Serif CJK", "Source Han Serif", "SimHei", "Microsoft YaHei", "PingFang", "Heiti",
                "AR PL UMing", "AR PL UKai")
CJK_FILES = ("wqy", "cjk", "sourcehan", "notosanssc", "simhei", "msyh", "pingfang", "uming", "ukai")


def _cjk_candidates() -> list[str]:
    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    return [n for family in CJK_FAMILIES for n in names if n.startswith(family)]


def _not_weight_notice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("findfont: Failed to find font weight")


def _packaged_cjk_fonts() -> list[str]:
    """The CJK font files that come with a Python package: mplfonts ships Noto Sans CJK SC
    (a dependency of kg's notebooks extra), so no system font is needed."""
    try:
        import mplfonts
    except ImportError:
        return []
    folder = Path(mplfonts.__file__).parent / "fonts"
    return [str(p) for p in sorted(folder.glob("*")) if p.name.startswith(("NotoSansCJK", "SourceHanSans"))]


_NO_FONT_SAID = False


def use_cjk_font(probe: str = "朱国贤主持省政协会议") -> str | None:
    """Put a CJK font first in matplotlib's sans-serif list and return its name.

    An installed font is taken first, then one a Python package ships (mplfonts' Noto Sans
    CJK SC); a font counts only if it really has the glyphs of `probe`. Afterwards a glyph
    missing from the figures' fonts (a tofu box) is an error, not a warning, so a notebook
    cannot draw unreadable labels. With no font at all the notebooks still run: this
    says so once and returns None, and the figures show boxes for the Chinese.
    """
    global _NO_FONT_SAID
    # WenQuanYi's only face has weight 500: matplotlib would say so for every "normal" text, harmlessly
    logging.getLogger("matplotlib.font_manager").addFilter(_not_weight_notice)
    if not _cjk_candidates():  # installed after matplotlib cached its font list: add the files
        for path in font_manager.findSystemFonts():
            if any(key in Path(path).name.lower() for key in CJK_FILES):
                font_manager.fontManager.addfont(path)
    if not _cjk_candidates():
        for path in _packaged_cjk_fonts():
            font_manager.fontManager.addfont(path)
    for name in _cjk_candidates():
        font = FT2Font(font_manager.findfont(name, fallback_to_default=False))
        if all(font.get_char_index(ord(ch)) for ch in probe):
            plt.rcParams["font.family"] = "sans-serif"
            plt.rcParams["font.sans-serif"] = [name, *plt.rcParams["font.sans-serif"]]
            plt.rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212
            warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from")
            return name
    if not _NO_FONT_SAID:
        _NO_FONT_SAID = True
        print("No font with Chinese glyphs for matplotlib: the figures will show boxes for Chinese. "
              "pip install mplfonts (or apt-get install fonts-wqy-zenhei), then restart the kernel.")
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from")
    return None


def save_figure(fig, name: str) -> Path:
    """Write `fig` as FIGURES/name.png (the notebook shows it as well) and return the path."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    path = FIGURES / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def clear_outputs(folder: Path = Path(__file__).parent) -> None:
    """Strip outputs, execution counts and editor metadata from the notebooks, to commit them."""
    import nbformat
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
            cell.metadata = {}
        nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}}
        nbformat.write(nb, path)


if __name__ == "__main__":  # python notebooks/nbsetup.py: clean the notebooks before a commit
    clear_outputs()
