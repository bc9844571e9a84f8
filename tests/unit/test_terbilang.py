"""Tests of tools.terbilang (Indonesian number words)."""

import random
import re
from decimal import Decimal

import pytest

from tools.terbilang import MAX_AMOUNT, InvalidAmount, terbilang, terbilang_rupiah

NINES = "sembilan ratus sembilan puluh sembilan"

CASES = [
    (0, "nol"),
    (1, "satu"),
    (2, "dua"),
    (9, "sembilan"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (110, "seratus sepuluh"),
    (111, "seratus sebelas"),
    (200, "dua ratus"),
    (999, NINES),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (1999, f"seribu {NINES}"),
    (2000, "dua ribu"),
    (10_000, "sepuluh ribu"),
    (11_000, "sebelas ribu"),
    (21_000, "dua puluh satu ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (111_111, "seratus sebelas ribu seratus sebelas"),
    (1_000_000, "satu juta"),
    (1_000_001, "satu juta satu"),
    (1_001_000, "satu juta seribu"),
    (1_100_000, "satu juta seratus ribu"),
    (2_500_000, "dua juta lima ratus ribu"),
    (10_000_000, "sepuluh juta"),
    (100_000_000, "seratus juta"),
    (1_000_000_000, "satu miliar"),
    (1_000_001_000, "satu miliar seribu"),
    (
        1_234_567_890,
        "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu "
        "delapan ratus sembilan puluh",
    ),
    (10**12, "satu triliun"),
    (10**12 + 1000, "satu triliun seribu"),
    (MAX_AMOUNT, f"{NINES} triliun {NINES} miliar {NINES} juta {NINES} ribu {NINES}"),
    (-1, "minus satu"),
    (-1000, "minus seribu"),
    (-1_001_000, "minus satu juta seribu"),
    (-MAX_AMOUNT, f"minus {NINES} triliun {NINES} miliar {NINES} juta {NINES} ribu {NINES}"),
]


@pytest.mark.parametrize(("n", "words"), CASES)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_terbilang_rupiah():
    assert terbilang_rupiah(1_234_567_890) == (
        "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu "
        "delapan ratus sembilan puluh rupiah"
    )
    assert terbilang_rupiah(0) == "nol rupiah"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("1500.00"), "seribu lima ratus"),
        (Decimal("-7"), "minus tujuh"),
        (2500000.0, "dua juta lima ratus ribu"),
        (-0.0, "nol"),
    ],
)
def test_whole_decimal_and_float_accepted(value, words):
    assert terbilang(value) == words


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        Decimal("0.01"),
        float("nan"),
        float("inf"),
        Decimal("Infinity"),
        True,
        "123",
        None,
        MAX_AMOUNT + 1,
        -MAX_AMOUNT - 1,
        float(10**15),
    ],
)
def test_invalid_values_rejected(value):
    with pytest.raises(InvalidAmount):
        terbilang(value)


def test_invalid_amount_is_value_error():
    assert issubclass(InvalidAmount, ValueError)


_WORD_VALUES = {
    word: value
    for value, word in enumerate(
        ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"], 1
    )
}
_SCALE_VALUES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def _words_to_int(text: str) -> int:
    """Read Indonesian number words back (a test oracle for well-formed output)."""
    sign, total, group, pending = 1, 0, 0, 0
    for word in text.split(" "):
        if word == "minus":
            sign = -1
        elif word in _WORD_VALUES:
            pending = _WORD_VALUES[word]
        elif word in {"sepuluh", "sebelas", "seratus"}:
            group += {"sepuluh": 10, "sebelas": 11, "seratus": 100}[word]
        elif word in {"belas", "puluh", "ratus"}:
            group += pending * {"belas": 1, "puluh": 10, "ratus": 100}[word]
            group += 10 if word == "belas" else 0
            pending = 0
        elif word == "seribu":
            total += 1000
        elif word in _SCALE_VALUES:
            total += (group + pending) * _SCALE_VALUES[word]
            group = pending = 0
        else:
            assert word == "nol", word
    return sign * (total + group + pending)


def _sample() -> list[int]:
    rng = random.Random(20240108)
    numbers = list(range(2100)) + [n * 1000 + r for n in range(1200) for r in (0, 1)]
    for digits in range(4, 16):
        numbers += [rng.randrange(10 ** (digits - 1), 10**digits) for _ in range(300)]
        numbers += [int(str(rng.choice([1, 10, 11, 100, 101])) + "0" * (digits - 3))]
    return numbers + [-n for n in numbers[:500]]


def test_properties_over_many_numbers():
    for n in _sample():
        words = terbilang(n)
        assert "satu ratus" not in words, n
        # "satu ribu" is right only after tens or hundreds: 21 000, 201 000.
        assert not re.search(r"(?<!puluh )(?<!ratus )\bsatu ribu", words), n
        assert "  " not in words and words == words.strip(), n
        assert _words_to_int(words) == n, (n, words)
