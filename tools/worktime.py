"""Indonesia's days off (public holidays and cuti bersama) for the working calendars.

The working-time arithmetic of the SOP norms is Odoo's (``resource.calendar``,
see ``models/resource_calendar.py``); what Odoo has no equivalent for is the
list of Indonesia's days off, which comes from the ``holidays`` package.
"""

from collections.abc import Iterable
from datetime import date

__all__ = ["indonesian_holiday_names"]


def indonesian_holiday_names(years: int | Iterable[int], language: str = "id") -> dict[date, str]:
    """Return Indonesia's public holidays and cuti bersama for ``years``, as ``{date: name}``.

    Uses the ``holidays`` package (imported here only), categories ``public`` and
    ``government``; the latter holds the cuti bersama (joint leave days), which
    the package does not return by default. Cuti bersama are set by decree each
    year, so a year is only complete in a ``holidays`` release made after the
    decree: keep the package recent (0.86 lacks the 2026 cuti bersama; 0.107 and
    0.109 have them). Holidays falling on a weekend are included; ordinary
    weekends are not (the working calendar leaves them out).

    ``language`` is one the ``holidays`` package knows for Indonesia (``id``,
    ``en_US``, ...); two holidays on one date are joined with "; ".
    """
    import holidays

    return dict(
        holidays.country_holidays(
            "ID",
            years=[years] if isinstance(years, int) else list(years),
            categories=("public", "government"),
            language=language,
        )
    )
