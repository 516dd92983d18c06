"""Extraction: the per-document spaCy pipeline, one stage per module, data flowing one way.

    sentences → words → ner → mentions → choose → coreference → resolve → relations

`kg.extract.pipeline.make_nlp` builds it, `kg.extract.pipeline.extract` runs it over one
article and returns the `kg.model.DocumentExtraction` the graph is merged from.
"""
from __future__ import annotations

import sys


def _import_spacy_without_torch() -> None:
    """Import spaCy with torch hidden, when torch is installed but not loaded yet.

    thinc, spaCy's machine-learning layer, imports torch as it is imported whenever torch
    is installed (it made TensorFlow opt-in, not torch): 1.6 s and about 300 MB in every
    process and Dask worker, for a pipeline that is rule-based. Hidden while spaCy loads,
    torch stays importable afterwards, and the HanLP backend imports it when it runs.
    A process that has loaded torch already keeps spaCy's torch support."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


_import_spacy_without_torch()
