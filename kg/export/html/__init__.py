"""The interactive network (pyvis, vis-network), as one self-contained HTML file.

pyvis builds the node and edge data and supplies vis-network, which kg inlines from
pyvis's own copy into its own template: the page loads nothing from the internet. Every
text that comes from an article reaches the page as JSON data and is shown through
canvas drawing or DOM text nodes, never as markup.

Positions are computed here, in Python (:func:`layout_positions`), and the page starts
with physics off, so a graph of thousands of nodes is drawn at once instead of being
simulated in the browser. :func:`render_view` renders a part of an existing ``graph.ttl``
(the neighbourhood of one entity, some types, the most connected nodes) for ``kg html``.
"""
from kg.export.html.layout import layout_positions
from kg.export.html.page import PROPERTY_LABELS, TYPE_COLORS, TYPE_NAMES, TYPE_SHAPES, render_html, write_html
from kg.export.html.views import render_view, select_view, summarize_view

__all__ = ["layout_positions", "render_html", "write_html", "render_view", "select_view", "summarize_view",
           "PROPERTY_LABELS", "TYPE_COLORS", "TYPE_NAMES", "TYPE_SHAPES"]
