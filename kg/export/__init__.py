"""Exports of a graph: RDF (Turtle, N-Triples), CSV and GraphML tables, the HTML network,
all written as one set (outputs)."""
