# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules a bidang's lines follow, wherever they come from.

One validator for the lines of one bidang: the rows of an uploaded collection
file (:func:`tools.collection_xlsx.parse_workbook` calls it) and the lines the
bidang entered in Odoo (the submission's *Submit* calls it) are checked by the
same :func:`check_lines`, with the same limits, and give the same problems.

A row is a dict:

indicator  ``objective``, ``name``, ``uom``, ``target`` (a number, or None for a
           text target), ``target_text``, ``target_q1`` .. ``target_q4``
           (numbers or None when not given);
programme  ``name``, ``budget``, ``note``.

A row may carry ``bad``, the keys whose cells were already refused (e.g. text
in a number cell): the rules skip them, so one cell gives one problem.

Codes of :class:`Problem` (``key`` is the row's key concerned, ``value`` what was
found):

``required``      a required value is missing (Sasaran, Indikator Kinerja,
                  Satuan, Target or Target (teks) on ``target``, Program,
                  Anggaran);
``too_long``      a text over its maximum length (``value``: its length);
``control_char``  a text holding a control character (``value``: its code, e.g. U+0001);
``not_a_number``  a number that is not finite (NaN, infinity);
``negative``      a negative number;
``zero``          a target or a budget of zero (or rounding to zero);
``too_big``       a number over :data:`MAX_TARGET` or :data:`MAX_BUDGET`;
``fractional``    a budget with a fraction of a Rupiah;
``quarters``      the quarterly targets follow neither rule (on ``target_q4``);
``too_many_rows`` more than :data:`MAX_ROWS` lines (``index`` is None);
``no_indicator``  no indicator line at all (``index`` is None).
"""

import math
import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple

__all__ = [
    "MAX_BUDGET",
    "MAX_ROWS",
    "MAX_TARGET",
    "PROBLEM_CODES",
    "QUARTER_KEYS",
    "TARGET_DIGITS",
    "TEXT_LIMITS",
    "Problem",
    "check_lines",
    "quarter_rule",
]

MAX_ROWS = 2000
"""Most lines of one kind (indicators, programmes) a bidang may have: far above
any real bidang; a file with more rows on a sheet is refused before the rest
is read."""

MAX_BUDGET = 10**15 - 1
"""Largest Anggaran (whole Rupiah): the format's own validation stops there."""

MAX_TARGET = 10**13 - 1
"""Largest target: fits the 16 digits (two decimals) of the target fields."""

TARGET_DIGITS = 2
"""Targets are compared to the hundredth, their precision."""

QUARTER_KEYS = ("target_q1", "target_q2", "target_q3", "target_q4")

#: Maximum length of each text, by kind of line and key.
TEXT_LIMITS = {
    "indicator": {"objective": 500, "name": 500, "uom": 50, "target_text": 100},
    "program": {"name": 500, "note": 1000},
}

_REQUIRED = {"indicator": ("objective", "name", "uom"), "program": ("name", "budget")}

# C0 and C1 controls, except tab and line breaks (allowed in long texts).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

PROBLEM_CODES = (
    "required",
    "too_long",
    "control_char",
    "not_a_number",
    "negative",
    "zero",
    "too_big",
    "fractional",
    "quarters",
    "too_many_rows",
    "no_indicator",
)


class Problem(NamedTuple):
    """One problem of a bidang's lines: ``kind`` is ``indicator`` or
    ``program``, ``index`` the row's position in its list (None for the whole)."""

    code: str
    kind: str
    index: int | None = None
    key: str | None = None
    value: object = None


def check_lines(indicators: Sequence[Mapping], programs: Sequence[Mapping]) -> list[Problem]:
    """Return every problem of a bidang's lines, row by row (empty: accepted)."""
    problems = []
    if not indicators:
        problems.append(Problem("no_indicator", "indicator"))
    for kind, rows in (("indicator", indicators), ("program", programs)):
        if len(rows) > MAX_ROWS:
            problems.append(Problem("too_many_rows", kind, value=len(rows)))
            continue
        check = _check_indicator if kind == "indicator" else _check_program
        for index, row in enumerate(rows):
            problems += check(index, row, set(row.get("bad") or ()))
    return problems


def quarter_rule(target: float, quarters: Sequence[float]) -> str | None:
    """Return ``cumulative`` or ``per_quarter`` if ``quarters`` (four numbers,
    within :data:`MAX_TARGET`) follow that rule for ``target``, else None.

    Cumulative: never decreasing, Q4 equal to the target; per quarter: the four
    add up to the target.
    """
    if all(_compare(a, b) <= 0 for a, b in pairwise(quarters)) and not _compare(
        quarters[3], target
    ):
        return "cumulative"
    if not _compare(sum(quarters), target):
        return "per_quarter"
    return None


def _compare(a, b):
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b`` at :data:`TARGET_DIGITS`."""
    difference = round(a - b, TARGET_DIGITS)
    return (difference > 0) - (difference < 0)


def _check_texts(kind, index, row, bad):
    problems = []
    for key, limit in TEXT_LIMITS[kind].items():
        text = row.get(key)
        if key in bad or not isinstance(text, str):
            continue
        if len(text) > limit:
            problems.append(Problem("too_long", kind, index, key, len(text)))
            bad.add(key)
        elif control := _CONTROL.search(text):
            problems.append(
                Problem("control_char", kind, index, key, f"U+{ord(control.group()):04X}")
            )
            bad.add(key)
    return problems


def _check_number(kind, index, key, value, maximum):
    """The problem of a number (not None), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Problem("not_a_number", kind, index, key, value)
    if isinstance(value, float) and not math.isfinite(value):
        return Problem("not_a_number", kind, index, key, value)
    if value < 0:
        return Problem("negative", kind, index, key, value)
    if value > maximum:
        return Problem("too_big", kind, index, key, value)
    return None


def _check_required(kind, index, row, bad):
    return [
        Problem("required", kind, index, key)
        for key in _REQUIRED[kind]
        if key not in bad and row.get(key) in (None, "")
    ]


def _check_indicator(index, row, bad):
    problems = _check_texts("indicator", index, row, bad)
    problems += _check_required("indicator", index, row, bad)
    target = row.get("target")
    if target is None and not row.get("target_text") and not {"target", "target_text"} & bad:
        problems.append(Problem("required", "indicator", index, "target"))
    numbers_ok = True
    for key in ("target", *QUARTER_KEYS):
        value = row.get(key)
        if key in bad:
            numbers_ok = False
        elif value is not None:
            problem = _check_number("indicator", index, key, value, MAX_TARGET)
            if problem:
                problems.append(problem)
                numbers_ok = False
    if target is None or not numbers_ok:
        return problems
    if _compare(target, 0) <= 0:
        problems.append(Problem("zero", "indicator", index, "target", target))
        return problems
    quarters = [row.get(key) for key in QUARTER_KEYS]
    if any(q is not None for q in quarters) and not quarter_rule(
        target, [q or 0.0 for q in quarters]
    ):
        problems.append(Problem("quarters", "indicator", index, "target_q4", quarters[3]))
    return problems


def _check_program(index, row, bad):
    problems = _check_texts("program", index, row, bad)
    problems += _check_required("program", index, row, bad)
    budget = row.get("budget")
    if budget is None or "budget" in bad:
        return problems
    problem = _check_number("program", index, "budget", budget, MAX_BUDGET)
    if not problem and not float(budget).is_integer():
        problem = Problem("fractional", "program", index, "budget", budget)
    if not problem and budget < 1:
        problem = Problem("zero", "program", index, "budget", budget)
    if problem:
        problems.append(problem)
    return problems
