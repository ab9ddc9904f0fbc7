"""Readability: LIX of a rendered page's text (lix.py), found in its HTML (text.py)."""

from __future__ import annotations

from pathlib import Path

from content.memo import Stored, code, digest
from content.readability.lix import Lix, lix
from content.readability.text import text_blocks

# Each page's figures, kept between builds under a digest of its HTML: finding the text and counting its words was
# 0.2 s of every build at 10x content, and a page that did not change has the same figures. The version is the code
# that finds and counts.
_HERE = Path(__file__).parent
_MEASURED: Stored[tuple[int, int, int, list[str]]] = Stored("lix", code(_HERE / "lix.py", _HERE / "text.py"))


def measure(html: str) -> Lix:
    """LIX of a page's rendered content."""
    words, sentences, long_words, longest = _MEASURED.get(digest(html), _count, html)
    return Lix(words, sentences, long_words, longest)


def _count(html: str) -> tuple[int, int, int, list[str]]:
    figures = lix(text_blocks(html))
    return figures.words, figures.sentences, figures.long_words, figures.longest
