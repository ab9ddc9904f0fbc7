"""The readable text of a rendered page, as blocks: no code, no scripts, no interface chrome (anything marked
data-search-exclude, such as the guideline's information box or the quiz form), no heading permalinks."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "code", "pre", "kbd", "svg", "nav", "noscript", "template"}
_BLOCK = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "div", "section", "article",
    "figcaption", "caption", "legend", "label", "summary", "details", "tr", "ul", "ol", "dl", "table", "br", "hr", "fieldset",
}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "base"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.depth = 0
        self.skip_from: int | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self._flush()
        if tag in _VOID:
            return
        self.depth += 1
        names = dict(attrs)
        if self.skip_from is None and (tag in _SKIP or "data-search-exclude" in names or "headerlink" in (names.get("class") or "").split()):
            self.skip_from = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_from is not None and self.depth == self.skip_from:
            self.skip_from = None
        self.depth -= 1
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_from is None:
            self.current.append(data)


def text_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks
