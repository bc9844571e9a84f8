"""Tests of tools.nip (NIP parsing and the pangkat table)."""

from datetime import date

import pytest

from tools.nip import (
    GOLONGAN,
    InvalidGolongan,
    InvalidNip,
    NipInfo,
    format_nip,
    golongan_selection,
    is_valid_nip,
    normalize_nip,
    pangkat_name,
    parse_nip,
)

SEED_NIP = "19660217 199303 1 002"
TODAY = date(2024, 1, 8)
# The seed NIP in FULLWIDTH DIGITs (U+FF10..U+FF19): str.isdigit() accepts them, NIPs do not.
FULLWIDTH_NIP = "".join(chr(0xFF10 + int(digit)) for digit in "196602171993031002")


def test_seed_nip_is_valid():
    info = parse_nip(SEED_NIP, today=TODAY)
    assert info == NipInfo(
        nip="196602171993031002",
        birth_date=date(1966, 2, 17),
        service_start=date(1993, 3, 1),
        sex="male",
        serial=2,
    )
    assert info.formatted == SEED_NIP
    assert is_valid_nip(SEED_NIP, today=TODAY)


def test_female_and_default_today():
    info = parse_nip("199001012015032001")
    assert info.sex == "female"
    assert info.serial == 1


@pytest.mark.parametrize(
    "text", ["196602171993031002", "19660217.199303.1.002", " 19660217\t199303 1 002\n"]
)
def test_normalize_and_format(text):
    assert normalize_nip(text) == "196602171993031002"
    assert format_nip(text) == SEED_NIP


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (None, "format"),
        ("19660217-199303-1-002", "format"),
        ("1966021719930310O2", "format"),
        (FULLWIDTH_NIP, "format"),
        ("", "length"),
        ("19660217199303100", "length"),
        ("1966021719930310020", "length"),
        ("19660230 199303 1 002", "birth_date"),
        ("19661317 199303 1 002", "birth_date"),
        ("19660200 199303 1 002", "birth_date"),
        ("19390101 195801 1 002", "birth_year"),
        ("19660217 199300 1 002", "service_month"),
        ("19660217 199313 1 002", "service_month"),
        ("19660217 198401 1 002", "service_age"),
        ("19660217 000003 1 002", "service_age"),
        ("20100101 202712 1 002", "service_age"),
        ("19660217 202402 1 002", "service_future"),
        ("19660217 199303 0 002", "sex"),
        ("19660217 199303 3 002", "sex"),
        ("19660217 199303 1 000", "serial"),
    ],
)
def test_invalid_nips(text, reason):
    with pytest.raises(InvalidNip) as caught:
        parse_nip(text, today=TODAY)
    assert caught.value.reason == reason
    assert not is_valid_nip(text, today=TODAY)


def test_age_is_checked_by_month():
    assert parse_nip("19660217 198402 1 002", today=TODAY).service_start == date(1984, 2, 1)
    assert parse_nip("19660217 202401 1 002", today=TODAY).service_start == date(2024, 1, 1)


def test_invalid_nip_message_and_base_class():
    with pytest.raises(ValueError, match="sex digit must be 1 or 2"):
        parse_nip("19660217 199303 3 002", today=TODAY)


@pytest.mark.parametrize("text", ["1966021719930310", "abc"])
def test_format_rejects_malformed(text):
    with pytest.raises(InvalidNip):
        format_nip(text)


def test_format_accepts_any_well_formed_nip():
    assert format_nip("000000000000000000") == "00000000 000000 0 000"


def test_golongan_table():
    assert len(GOLONGAN) == 17
    assert GOLONGAN[0] == ("I/a", "Juru Muda")
    assert GOLONGAN[-1] == ("IV/e", "Pembina Utama")
    assert len({key for key, _pangkat in GOLONGAN}) == 17


@pytest.mark.parametrize(
    ("golongan", "pangkat"),
    [
        ("I/b", "Juru Muda Tingkat I"),
        ("II/d", "Pengatur Tingkat I"),
        ("III/a", "Penata Muda"),
        ("III/c", "Penata"),
        ("IV/a", "Pembina"),
        ("IV/c", "Pembina Utama Muda"),
        (" IV/d ", "Pembina Utama Madya"),
    ],
)
def test_pangkat_name(golongan, pangkat):
    assert pangkat_name(golongan) == pangkat


@pytest.mark.parametrize("golongan", ["IV/f", "iv/c", "4/c", "", None])
def test_pangkat_name_rejects(golongan):
    with pytest.raises(InvalidGolongan):
        pangkat_name(golongan)


def test_golongan_selection():
    selection = golongan_selection()
    assert selection[0] == ("I/a", "Juru Muda (I/a)")
    assert ("IV/c", "Pembina Utama Muda (IV/c)") in selection
    assert [key for key, _label in selection] == [key for key, _pangkat in GOLONGAN]
