"""content.memo: what the preview keeps between rebuilds."""

import pytest

from content.memo import Memo, digest


def test_a_key_seen_before_gives_the_same_result_without_making_it_again():
    made = []
    memo = Memo(2)

    def make(text):
        made.append(text)
        return [text.upper()]

    first = memo.get(digest("a"), make, "a")
    assert memo.get(digest("a"), make, "a") is first
    assert made == ["a"]


def test_the_least_recently_used_key_goes_first():
    memo = Memo(2)
    memo.get("a", str, "A")
    memo.get("b", str, "B")
    memo.get("a", str, "not made")  # a is now the most recent
    memo.get("c", str, "C")  # b goes
    assert memo.get("a", str, "new A") == "A"
    assert memo.get("b", str, "new B") == "new B"


def test_a_failure_is_not_kept():
    memo = Memo(2)

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        memo.get("a", fail)
    assert memo.get("a", str, "made") == "made"


def test_the_key_of_a_text_depends_on_every_character():
    assert digest("Pasienten") != digest("pasienten")
    assert len(digest("x" * 100_000)) == 16
    assert digest("Oppnemning på sjukehuset") == digest("Oppnemning på sjukehuset".encode())  # a file read as bytes
