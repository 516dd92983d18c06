"""What the tests share besides fixtures: where things are, kg's command line run in this
process, and small readers of an extraction. Every text here is written for the tests."""
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SAMPLE = ROOT / "kg" / "data" / "sample"
ARTICLES = Path(__file__).parent / "articles"


def cli(*args) -> subprocess.CompletedProcess:
    """Run a kg command in this process (click's CliRunner), as `subprocess.run` reports it."""
    from kg.cli import main
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def labels(extraction, type_=None):
    return {e.label for e in extraction.entities.values() if type_ is None or e.type == type_}


def names(extraction, type_=None):
    """Every label and alias of the extraction's entities of a type."""
    out = set()
    for e in extraction.entities.values():
        if type_ is None or e.type == type_:
            out.add(e.label)
            out.update(e.aliases)
    return out


def fact_set(extraction):
    """{(subject label, property, object label)} of an extraction."""
    ents = extraction.entities
    out = set()
    for r in extraction.relations:
        s = ents[r.subject].label if r.subject in ents else r.subject.split(":", 1)[1]
        o = ents[r.object].label if r.object in ents else r.object.split(":", 1)[1]
        out.add((s, r.property, o))
    return out


GIVEN = "国明华建立志文平海英玉兰晓思雨若宁子嘉振兴云峰静怡书远悦伟芳德秋晴川泽安澜佳慧"
PROGRAMME_CHARACTERS = "振兴英才青春桑梓梧桐凤鸣云海星光启航领航筑梦金谷银川松江雁归乡情同心聚力惠民创优"


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
CITIES = "青川 临江 白河 松原 清源 安平 兴隆 长宁 丰城 和平 永安 东阳 西林 南溪 北屯".split()


def make_bio(path: Path, sentences: int, seed: int = 1) -> Path:
    """A BIO corpus in MSRA's format (character<TAB>tag, PER/ORG/LOC), of sentences
    written for the tests from a few patterns of county news."""
    import random
    import string
    rng = random.Random(seed)
    patterns = ("{p}在{c}市调研时强调，要抓好落实。", "{c}市委书记{p}主持会议。", "会议由{o}主任{p}主持。",
                "{p}、{q}等参加活动。", "{o}召开会议，{p}出席并讲话。", "记者从{c}市了解到，{q}已到任。")
    lines = []
    for _ in range(sentences):
        p, q = (rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))) for _ in range(2))
        c = rng.choice(CITIES)
        o = c + rng.choice(("市人大常委会", "市政协", "县人民政府"))
        pattern = rng.choice(patterns)
        tags = {"p": (p, "PER"), "q": (q, "PER"), "c": (c, "LOC"), "o": (o, "ORG")}
        for piece in string.Formatter().parse(pattern):
            literal, field = piece[0], piece[1]
            lines += [f"{ch}\tO" for ch in literal]
            if field:
                name, tag = tags[field]
                lines += [f"{ch}\t{'B' if i == 0 else 'I'}-{tag}" for i, ch in enumerate(name)]
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_corpus(folder: Path, articles: int, seed: int = 1) -> Path:
    """`articles` short county-paper reports written for the tests, each naming new people
    and a new programme, so the graph grows with the corpus."""
    import random
    rng = random.Random(seed)

    def person():
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        p = [person() for _ in range(5)]
        programme = "".join(rng.choices(PROGRAMME_CHARACTERS, k=4))
        text = (f"本报讯 {rng.randint(1, 12)}月{rng.randint(1, 28)}日，青川县委召开常委会会议，县委书记{p[0]}主持会议。\n"
                f"县委副书记、县长{p[1]}，县委常委{p[2]}、{p[3]}出席会议。\n"
                f"会议强调，要深入实施“{programme}”计划，县人力资源和社会保障局局长{p[4]}要抓好落实。\n")
        (folder / f"report_{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def crashing_ner(lexicon, model):
    """A NER backend (``--ner helpers:crashing_ner``) whose process dies on an article
    with 崩溃 in it, as a crash in a compiled library would."""
    from kg.extract.ner.lexical import LexicalNER

    class CrashingNER(LexicalNER):
        name = "crashing"

        def find(self, doc):
            if "崩溃" in doc.text:
                os._exit(70)
            return super().find(doc)
    return CrashingNER(lexicon)
