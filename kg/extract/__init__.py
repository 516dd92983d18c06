"""Extraction: the per-document spaCy pipeline, one stage per module, data flowing one way.

    sentences → words → ner → mentions → choose → coreference → resolve → relations

`kg.extract.pipeline.make_nlp` builds it, `kg.extract.pipeline.extract` runs it over one
article and returns the `kg.model.DocumentExtraction` the graph is merged from.
"""
