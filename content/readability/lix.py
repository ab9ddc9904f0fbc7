"""LIX (läsbarhetsindex) for Norwegian text: words per sentence plus the percentage of long words (more than
six letters). Under 30 very easy, 30–40 easy, 40–50 medium, 50–60 hard, over 60 very hard.

Text arrives as blocks (a paragraph, a list item, a heading, a table cell): a block always ends a sentence,
as a line break does in the LIX method, so that a heading or list item without a full stop still counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A word is a run of letters or digits, with inner hyphens and apostrophes ("e-læring", "2-5"); a number is read
# as a word, but only letters make a word long.
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_LETTER = re.compile(r"[^\W\d_]")
# A sentence ends at . ! ? or : followed by space; "t.d." and "§ 2-5 a." stay inside the sentence they are in
# only when no space follows the full stop, which is how abbreviations are written in these texts.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int
    longest: list[str] = field(default_factory=list, compare=False)

    @property
    def value(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return round(self.words / self.sentences + 100 * self.long_words / self.words, 1)


def sentences_of(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        found += [part.strip() for part in _SENTENCE_END.split(" ".join(block.split())) if _WORD.search(part)]
    return found


def lix(blocks: list[str], keep_longest: int = 3) -> Lix:
    """LIX of text given as blocks; also the `keep_longest` longest sentences, for the editor."""
    sentences = sentences_of(blocks)
    words_of = [_WORD.findall(s) for s in sentences]  # once per sentence: this is most of the time LIX takes
    words = [w for found in words_of for w in found]
    # A word of six characters or fewer cannot have more than six letters: only longer ones are counted out.
    # Most long words are letters only, which str.isalpha tells at once; the rest are counted letter by letter.
    long_words = sum(1 for w in words if len(w) > 6 and (w.isalpha() or len(_LETTER.findall(w)) > 6))
    order = sorted(range(len(sentences)), key=lambda i: len(words_of[i]), reverse=True)
    return Lix(len(words), len(sentences), long_words, [sentences[i] for i in order[:keep_longest]])
