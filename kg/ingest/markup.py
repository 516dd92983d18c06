"""Stage 2a: a web page reduced to its text, as edits of the page's own source.

The page is read by Python's HTML parser (``html.parser``, tolerant of broken markup), which
reports where each tag, text run and character reference starts. Tags become nothing, or
a line break where they end a block (``<p>``, ``<div>``, ``<br>``, ``<li>`` …); scripts,
styles, the head and comments disappear; ``&amp;`` and ``&#x4e00;`` become their
characters; line breaks inside a paragraph (the page's source formatting) go. Because
the result is a list of edits of the source, every offset kg reports still points into
the HTML file the user has. The page's headline (``<h1>``, else ``<title>``) is kept as
the article's title.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kg.text import Edit, is_cjkish

BLOCK_TAGS = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
              "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
              "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
              "th", "thead", "tr", "ul"}
HIDDEN_TAGS = {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
               "textarea", "button"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"}
_BREAK_SPACE = re.compile(r"[ \t\r\n\f\u00a0]*[\r\n][ \t\r\n\f\u00a0]*")


@dataclass(frozen=True)
class PageText:
    edits: list[Edit]
    title: str | None


class _Events(HTMLParser):
    """Every construct of the page with the offset it starts at."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.events: list[tuple[int, str, str]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.events.append((self._at(), "start", tag))

    def handle_startendtag(self, tag, attrs):
        self.events.append((self._at(), "void", tag))

    def handle_endtag(self, tag):
        self.events.append((self._at(), "end", tag))

    def handle_data(self, data):
        self.events.append((self._at(), "data", data))

    def handle_entityref(self, name):
        self.events.append((self._at(), "ref", html.unescape(f"&{name};")))

    def handle_charref(self, name):
        self.events.append((self._at(), "ref", html.unescape(f"&#{name};")))

    def handle_comment(self, data):
        self.events.append((self._at(), "other", ""))

    def handle_decl(self, decl):
        self.events.append((self._at(), "other", ""))

    def handle_pi(self, data):
        self.events.append((self._at(), "other", ""))

    def unknown_decl(self, data):
        self.events.append((self._at(), "other", ""))


def _data_edits(source: str, start: int, end: int) -> list[Edit]:
    """Line breaks of the page's source inside a paragraph are not the text's: between two
    Chinese characters they go, elsewhere they are one space."""
    edits = []
    for m in _BREAK_SPACE.finditer(source, start, end):
        before, after = source[m.start() - 1:m.start()], source[m.end():m.end() + 1]
        edge = m.start() == start or m.end() == end
        keep_space = not edge and not (is_cjkish(before) and is_cjkish(after))
        edits.append(Edit(m.start(), m.end(), " " if keep_space else ""))
    return edits


def page_text(source: str) -> PageText:
    parser = _Events(source)
    parser.feed(source)
    parser.close()
    events = parser.events
    edits: list[Edit] = []
    hidden: list[str] = []  # the hidden elements we are inside
    pre = 0
    title_parts: dict[str, list[str]] = {"h1": [], "title": []}
    capturing: str | None = None
    for i, (start, kind, value) in enumerate(events):
        end = events[i + 1][0] if i + 1 < len(events) else len(source)
        if kind in ("start", "void", "end"):
            tag = value
            if kind == "start" and tag in HIDDEN_TAGS and tag not in VOID_TAGS:
                hidden.append(tag)
            elif kind == "end" and tag in hidden:
                del hidden[hidden.index(tag):]
            if tag == "pre":
                pre += 1 if kind == "start" else -1 if kind == "end" and pre else 0
            if tag in title_parts and kind != "void":
                capturing = tag if kind == "start" and not title_parts[tag] else None
            edits.append(Edit(start, end, "\n" if tag in BLOCK_TAGS else ""))
        elif kind == "data":
            if capturing:
                title_parts[capturing].append(value)
            if hidden:
                edits.append(Edit(start, end, ""))
            elif not pre:
                edits.extend(_data_edits(source, start, end))
        elif kind == "ref":
            if capturing:
                title_parts[capturing].append(value)
            edits.append(Edit(start, end, "" if hidden else value))
        else:
            edits.append(Edit(start, end, ""))
    title = None
    for tag in ("h1", "title"):
        text = re.sub(r"\s+", " ", "".join(title_parts[tag])).strip()
        if tag == "title":  # 标题 - 网站名 / 标题_频道_网站
            text = re.split(r"\s+[-|–—]\s+|_|\|", text)[0].strip()
        if len(text) >= 4:
            title = text
            break
    return PageText(edits, title)

