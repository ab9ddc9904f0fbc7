"""The identity number check that keeps patient information out of the readers' messages: valid identity
numbers and D-numbers are found, numbers whose check digits are wrong are not, worked by hand for two numbers
and as properties of the mod-11 checks for all others."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.identitynumber import FIRST, SECOND, check_digit, contains_identity_number, is_identity_number

# Worked by hand. 010190 124: 3·0 + 7·1 + 6·0 + 1·1 + 8·9 + 9·0 + 4·1 + 5·2 + 2·4 = 102 = 9·11 + 3, so the first check
# digit is 11 − 3 = 8; 5·0 + 4·1 + 3·0 + 2·1 + 7·9 + 6·0 + 5·1 + 4·2 + 3·4 + 2·8 = 110 = 10·11 + 0, so the second
# is 11 − 0 = 11, written 0.
VALID = "01019012480"
# The D-number for the same person: 4 added to the first digit. 12 + 7 + 1 + 72 + 4 + 10 + 8 = 114 = 10·11 + 4: 7;
# 20 + 4 + 2 + 63 + 5 + 8 + 12 + 14 = 128 = 11·11 + 7: 4.
D_NUMBER = "41019012474"


def test_the_worked_examples():
    assert is_identity_number(VALID) and is_identity_number(D_NUMBER)
    assert check_digit([0, 1, 0, 1, 9, 0, 1, 2, 4], FIRST) == 8
    assert check_digit([0, 1, 0, 1, 9, 0, 1, 2, 4, 8], SECOND) == 0


def test_wrong_check_digits_and_impossible_dates_are_not_identity_numbers():
    assert not is_identity_number("01019012481"), "second check digit wrong"
    # The first wrong, the second right for the digits before it: the first check alone refuses it.
    assert check_digit([0, 1, 0, 1, 9, 0, 1, 2, 4, 9], SECOND) == 9
    assert not is_identity_number("01019012499")
    # 010190 123 sums to 100 = 9·11 + 1: no first check digit exists, so no number begins this way.
    assert check_digit([0, 1, 0, 1, 9, 0, 1, 2, 3], FIRST) is None
    assert not any(is_identity_number(f"010190123{n:02d}") for n in range(100))
    # Day 32, and month 13, with check digits that are right for them.
    for start in ("3201901", "0113901"):
        base = [int(c) for c in start + "24"]
        first = check_digit(base, FIRST)
        assert first is not None
        assert not is_identity_number("".join(map(str, base + [first, check_digit(base + [first], SECOND)])))
    assert (
        not is_identity_number("0101901248")
        and not is_identity_number("010190124800")
        and not is_identity_number("0101901248a")
    )


@st.composite
def identity_numbers(draw) -> str:
    """Valid numbers: a real day and month (D-number or not), any individual number with check digits."""
    day = draw(st.integers(1, 31)) + draw(st.sampled_from([0, 40]))
    base = [
        int(c)
        for c in f"{day:02d}{draw(st.integers(1, 12)):02d}{draw(st.integers(0, 99)):02d}{draw(st.integers(0, 999)):03d}"
    ]
    first = check_digit(base, FIRST)
    second = None if first is None else check_digit(base + [first], SECOND)
    if second is None:
        return draw(st.nothing())
    return "".join(map(str, base + [first, second]))


@settings(max_examples=300, derandomize=True, database=None)
@given(number=identity_numbers(), position=st.integers(0, 10), change=st.integers(1, 9))
def test_every_valid_number_is_found_and_any_one_digit_changed_is_not(number, position, change):
    """Mod 11 with weights that are never 0 mod 11 catches every change of a single digit."""
    assert is_identity_number(number)
    digits = list(number)
    digits[position] = str((int(digits[position]) + change) % 10)
    assert not is_identity_number("".join(digits))


def test_found_in_text_as_people_write_them():
    for text in (
        f"Pasienten {VALID} fekk ikkje koordinator.",
        f"fnr:{VALID}.",
        "Sjå 010190 12480 i journalen",
        "d-nr 410190-12474",
        "Fødselsnummer ０１０１９０１２４８０",
    ):
        assert contains_identity_number(text), text
    for text in (
        "Feil i 3.2: fristen er 14 dagar, ikkje 10.",
        "Ring 12345678.",
        "01019012481",
        "001019012480",
        "0101901248",
        f"{VALID}9",
        "Tal: 12345678901",
    ):
        assert not contains_identity_number(text), text
