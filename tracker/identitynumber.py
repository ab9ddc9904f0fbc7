"""Norwegian national identity numbers (fødselsnummer) and D-numbers, found in free text so that a reader's
message that holds one is refused before anything of it is stored or logged.

An identity number is 11 digits: the birth date as DDMMYY, a three-digit individual number, and two check
digits, each a weighted sum modulo 11 (a remainder that would make the check digit 10 is never issued). A
D-number has 4 added to the first digit (day 41–71); an H-number 4 added to the third (month 41–52), and the
synthetic test numbers of the National Registry 8 (month 81–92). Every one of them is refused: when in doubt, a
message is better sent again without the number than stored with one."""

from __future__ import annotations

import re
import unicodedata

FIRST = (3, 7, 6, 1, 8, 9, 4, 5, 2)
SECOND = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# 11 digits on their own, or written as the date and the rest with a space, dot or hyphen between (DDMMYY NNNNN).
_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6})[ .-]?([0-9]{5})(?![0-9])")


def check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    """The check digit for these digits, or None where the sum leaves none (11 - remainder is 10)."""
    rest = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if rest == 11 else None if rest == 10 else rest


def is_identity_number(number: str) -> bool:
    """11 ASCII digits that are a valid identity number or D-number: a day and month that can be (after the
    D-, H- and synthetic offsets), and both check digits right."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    day, month = int(number[:2]), int(number[2:4])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return check_digit(digits[:9], FIRST) == digits[9] and check_digit(digits[:10], SECOND) == digits[10]


def contains_identity_number(text: str) -> bool:
    """Whether the text holds an identity number or D-number anywhere, also in full-width or other Unicode
    digits (read as the digits they are)."""
    plain = unicodedata.normalize("NFKC", text)
    return any(is_identity_number(m.group(1) + m.group(2)) for m in _CANDIDATE.finditer(plain))
