"""Indonesian civil-servant identity numbers (NIP) and the pangkat/golongan table.

An 18-digit NIP is made of the birth date ``YYYYMMDD``, the start of civil
service (TMT CPNS) ``YYYYMM``, the sex digit (1 male, 2 female) and a 3-digit
serial, and is written grouped: ``19660217 199303 1 002``.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "GOLONGAN",
    "MIN_BIRTH_YEAR",
    "MIN_SERVICE_AGE",
    "InvalidGolongan",
    "InvalidNip",
    "NipInfo",
    "NipReason",
    "Sex",
    "format_nip",
    "golongan_selection",
    "is_valid_nip",
    "normalize_nip",
    "pangkat_name",
    "parse_nip",
]

MIN_BIRTH_YEAR = 1940
"""Earliest plausible birth year of a civil servant holding an 18-digit NIP."""

MIN_SERVICE_AGE = 18
"""Minimum age, in years, at the start of civil service."""

NipReason = Literal[
    "format",
    "length",
    "birth_date",
    "birth_year",
    "service_month",
    "service_age",
    "service_future",
    "sex",
    "serial",
]
"""Machine-readable reason carried by :class:`InvalidNip`."""

Sex = Literal["male", "female"]

_SEX_BY_DIGIT: dict[str, Sex] = {"1": "male", "2": "female"}
_DIGITS_RE = re.compile(r"[0-9]*")

GOLONGAN: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
"""Golongan ruang (lowest first) and the pangkat that goes with each."""

_PANGKAT = dict(GOLONGAN)


class InvalidNip(ValueError):
    """The NIP is malformed or implausible; ``reason`` says which check failed."""

    def __init__(self, reason: NipReason, message: str) -> None:
        super().__init__(message)
        self.reason: NipReason = reason


class InvalidGolongan(ValueError):
    """The golongan ruang is not one of :data:`GOLONGAN`."""


@dataclass(frozen=True)
class NipInfo:
    """What an NIP encodes."""

    nip: str
    """The normalised 18 digits."""
    birth_date: date
    service_start: date
    """Start of civil service; the NIP only records the month, so this is its first day."""
    sex: Sex
    serial: int

    @property
    def formatted(self) -> str:
        """The NIP grouped for print, e.g. ``19660217 199303 1 002``."""
        return format_nip(self.nip)


def normalize_nip(s: str) -> str:
    """Return ``s`` without whitespace and dots (``"19660217.199303.1.002"`` -> 18 digits).

    No other check is made; see :func:`parse_nip`.

    :raises InvalidNip: if ``s`` is not a string.
    """
    if not isinstance(s, str):
        raise InvalidNip("format", f"An NIP must be text, got {s!r}.")
    return "".join(s.split()).replace(".", "")


def format_nip(s: str) -> str:
    """Return the NIP grouped for print: ``"196602171993031002"`` -> ``"19660217 199303 1 002"``.

    Only the shape (18 digits) is checked, so that any stored NIP can be shown.

    :raises InvalidNip: if ``s`` is not 18 digits once normalised.
    """
    nip = _eighteen_digits(s)
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def parse_nip(s: str, today: date | None = None) -> NipInfo:
    """Decode and check an NIP.

    Checks, in this order (the first failure is raised):

    * ``format`` / ``length``: 18 ASCII digits once spaces and dots are removed;
    * ``birth_date``: the first 8 digits form a real date;
    * ``birth_year``: born in :data:`MIN_BIRTH_YEAR` or later;
    * ``service_month``: the service-start month is 01..12;
    * ``service_age``: at least :data:`MIN_SERVICE_AGE` years old at service start,
      compared by month because the NIP records no day (with the birth-year bound
      this also rules out service before 1958);
    * ``service_future``: service start not after ``today`` (default: the current date);
    * ``sex``: sex digit 1 or 2;
    * ``serial``: serial not ``000``.

    :raises InvalidNip: with ``reason`` set to the failed check.
    """
    nip = _eighteen_digits(s)
    try:
        birth_date = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(
            "birth_date", f"NIP {nip}: {nip[0:8]} is not a valid birth date (YYYYMMDD)."
        ) from None
    if birth_date.year < MIN_BIRTH_YEAR:
        raise InvalidNip(
            "birth_year",
            f"NIP {nip}: birth year {birth_date.year} is before {MIN_BIRTH_YEAR}.",
        )
    service_year, service_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= service_month <= 12:
        raise InvalidNip(
            "service_month", f"NIP {nip}: service-start month {nip[12:14]} is not 01 to 12."
        )
    months_of_age = (service_year - birth_date.year) * 12 + service_month - birth_date.month
    if months_of_age < MIN_SERVICE_AGE * 12:
        raise InvalidNip(
            "service_age",
            f"NIP {nip}: service start {nip[8:12]}-{nip[12:14]} is before the age of "
            f"{MIN_SERVICE_AGE}.",
        )
    service_start = date(service_year, service_month, 1)
    if service_start > (today or date.today()):
        raise InvalidNip(
            "service_future",
            f"NIP {nip}: service start {nip[8:12]}-{nip[12:14]} is in the future.",
        )
    sex = _SEX_BY_DIGIT.get(nip[14])
    if sex is None:
        raise InvalidNip("sex", f"NIP {nip}: the sex digit must be 1 or 2, not {nip[14]}.")
    serial = int(nip[15:])
    if serial == 0:
        raise InvalidNip("serial", f"NIP {nip}: the serial number cannot be 000.")
    return NipInfo(
        nip=nip, birth_date=birth_date, service_start=service_start, sex=sex, serial=serial
    )


def is_valid_nip(s: str, today: date | None = None) -> bool:
    """Return whether :func:`parse_nip` accepts ``s``."""
    try:
        parse_nip(s, today)
    except InvalidNip:
        return False
    return True


def pangkat_name(golongan: str) -> str:
    """Return the pangkat of a golongan ruang: ``"IV/c"`` -> ``"Pembina Utama Muda"``.

    :raises InvalidGolongan: if ``golongan`` is not a key of :data:`GOLONGAN`.
    """
    try:
        return _PANGKAT[golongan.strip()]
    except (AttributeError, KeyError):
        raise InvalidGolongan(
            f"Unknown golongan ruang {golongan!r}; expected one of I/a to IV/e."
        ) from None


def golongan_selection() -> list[tuple[str, str]]:
    """Return selection items ``(key, label)``, e.g. ``("IV/c", "Pembina Utama Muda (IV/c)")``."""
    return [(key, f"{pangkat} ({key})") for key, pangkat in GOLONGAN]


def _eighteen_digits(s: str) -> str:
    """Normalise ``s`` and check that it is 18 ASCII digits."""
    nip = normalize_nip(s)
    if not _DIGITS_RE.fullmatch(nip):
        raise InvalidNip("format", f"NIP {s!r} may contain only digits, spaces and dots.")
    if len(nip) != 18:
        raise InvalidNip("length", f"NIP {s!r} has {len(nip)} digits instead of 18.")
    return nip
