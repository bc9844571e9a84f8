# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Achievement (*capaian*, %) of a performance indicator (issue 15, item 3).

Everything an office or an indicator may choose is data — a :class:`Rule`, and
the rating scale of :mod:`tools.capaian_rating` — so the Odoo layer stores the
choices and calls these functions; nothing here imports Odoo. Errors are :class:`CapaianError` (a
``ValueError``) with an English message, a ``code`` and ``params`` the Odoo
layer translates.

Formulas (T target, R realisation, both ≥ 0)
--------------------------------------------
``higher``  higher is better: R / T * 100.
``lower``   lower is better, by the rule's ``lower_method``:
            ``difference`` (2T - R) / T * 100 (LKjIP Maluku Tengah, KemenPANRB);
            ``ratio``      T / R * 100 (the alternative some regencies use).
``range``   T is a pair (low, high), low ≤ high: R inside [low, high] gives
            100; R below ``low`` is measured as *higher is better* against
            ``low`` (R / low * 100); R above ``high`` as *lower is better*
            against ``high`` with the rule's ``lower_method``.
``text``    T and R are grades of the rule's ``scale``, best first (e.g. AA, A,
            BB, B, CC, C, D). A grade's rank counts from the worst (D = 1 …
            AA = 7). Reaching or passing the target's rank gives 100; below it,
            rank(R) / rank(T) * 100 (target A = 6, realised BB = 5: 83.33).
            Grades are compared without surrounding spaces and without case.

Decisions on the edge cases
---------------------------
* Negative numbers, NaN, infinities, booleans and non-numbers (strings too)
  are refused; so are numbers above :data:`MAX_VALUE`.
* ``None`` on either side means *not recorded*: the capaian is None.
* higher, T = 0: 100 (any R ≥ 0 meets a zero target). Many e-SAKIP
  applications print 0 here because they only guard the division, which marks
  a met target as failed. A zero target arises mostly from a quarter in which
  nothing is planned (the collection refuses a zero annual target).
* lower/difference: R ≥ 2T gives 0 — the capaian never goes below 0 (the
  formula would, and rating scales start at 0). T = 0: R = 0 gives 100, R > 0
  gives 0. R = 0 with T > 0 gives 200 by the formula (before any cap).
* lower/ratio: T = 0 gives 100 when R = 0, else 0 (the formula). R = 0 with
  T > 0 has no finite ratio: it gives the rule's ``cap`` when there is one,
  else None (*not measurable*) — an office choosing ``ratio`` should set a cap.
* ``cap`` (optional, ≥ 100) bounds every capaian from above.
* The result is a ``Decimal`` rounded to 2 decimals, half up. Floats enter
  through their shortest representation (``repr``: 12.345 is 12.345, not the
  binary 12.3449999…), so a figure typed with 2 decimals rounds the way a
  person rounds it. Intermediate values keep 40 significant digits.
* Speed without losing that: for ``higher`` and ``lower`` with float or int
  inputs the capaian is first computed with floats; when the figure in cents
  is farther from a half cent than 1e-6 cent plus 1e-12 of itself (orders of
  magnitude above the float error), rounding it half up gives the same cents
  as the exact path, and that result is returned; otherwise (a tie such as 0.005, or a
  case the float path leaves out) the exact Decimal path decides. The tests
  check both paths agree on random inputs.

Quarterly roll-up (:func:`roll_up`, :func:`measure`)
----------------------------------------------------
``sum``      cumulative sum of the recorded quarters;
``average``  mean of the recorded quarters (a quarter not recorded is not a 0:
             it is left out of the divisor);
``last``     value of the latest recorded quarter.
Only quarters 1 … ``through`` count; ``None`` is *not recorded*; when no
quarter is recorded the result is None. :func:`measure` rolls the target side
and the realisation side up to the same quarter — by default the latest one
with a recorded realisation, so a quarter not entered yet does not count
against the indicator. Text indicators roll up by ``last`` only. Range
targets roll up bound by bound.

Rating
------
The bands a capaian falls in are in :mod:`tools.capaian_rating`.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import NamedTuple

__all__ = [
    "HIGHER",
    "LOWER_METHODS",
    "MAX_VALUE",
    "POLARITIES",
    "ROLLUPS",
    "CapaianError",
    "Measurement",
    "Rule",
    "capaian",
    "capaian_many",
    "measure",
    "roll_up",
    "to_decimal",
]

POLARITIES = ("higher", "lower", "range", "text")
LOWER_METHODS = ("difference", "ratio")
ROLLUPS = ("sum", "average", "last")

MAX_VALUE = Decimal(10**15)
"""Largest target, realisation, cap or band start accepted (the largest budget
in whole Rupiah the collection format accepts is just below it)."""

_CONTEXT = Context(prec=40)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_TWO = Decimal(2)
_CENT = Decimal("0.01")
_MAX_ADJUSTED = 36  # quantize to 0.01 needs the integer digits + 2 within prec 40

# The float path (see _capaian) gives the exact path's result or steps aside.
_MAX_FLOAT = float(MAX_VALUE)  # ints and floats up to it are exact as floats
_FLOAT_CENTS_LIMIT = 2.0**52  # cents below it are exact whole numbers as floats
_TIE_MARGIN = 1e-6  # cents: far above the float error, far below a cent
_CENTS = {}  # capaian by whole cents, filled as met: at most 0.00 .. 300.00
_CENTS_CACHED = 30_000


class CapaianError(ValueError):
    """A value, a rule or a scale is refused: ``code`` says why, ``params`` with what."""

    def __init__(self, code: str, message: str, **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def to_decimal(value, what: str = "value") -> Decimal:
    """Return ``value`` (int, float or Decimal; ≥ 0, finite, ≤ :data:`MAX_VALUE`) as a
    Decimal; a float through its shortest representation.

    :raises CapaianError: ``not_a_number``, ``not_finite``, ``negative`` or ``too_big``.
    """
    kind = type(value)
    if kind is int:
        number = Decimal(value)
    elif kind is float or (kind is not bool and isinstance(value, float)):
        number = Decimal(repr(float(value)))  # NaN and infinities: refused below
    elif isinstance(value, Decimal) or (kind is not bool and isinstance(value, int)):
        number = Decimal(value)
    else:
        raise CapaianError(
            "not_a_number", f"The {what} must be a number, not {value!r}.", what=what, value=value
        )
    if not number.is_finite():
        raise CapaianError(
            "not_finite", f"The {what} must be a finite number, not {value!r}.", what=what
        )
    if number <= 0:
        if number < 0:
            raise CapaianError(
                "negative", f"The {what} must not be negative ({value}).", what=what, value=value
            )
        return _ZERO  # also for -0.0
    if number > MAX_VALUE:
        raise CapaianError(
            "too_big",
            f"The {what} must not exceed {MAX_VALUE:,} ({value}).",
            what=what,
            value=value,
        )
    return number


def _choice(value, choices, what):
    if value not in choices:
        raise CapaianError(
            "unknown_option",
            f"Unknown {what} {value!r}: choose one of {', '.join(choices)}.",
            what=what,
            value=value,
            choices=choices,
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """How one indicator is measured: its ``polarity`` (:data:`POLARITIES`), the
    office's ``lower_method`` (:data:`LOWER_METHODS`) and ``cap`` (None or ≥ 100),
    the indicator's quarterly ``rollup`` (:data:`ROLLUPS`; by default ``sum``,
    ``last`` for a text indicator) and, for a text indicator, its ``scale`` of
    grades, best first.

    :raises CapaianError: on an unknown option, a cap below 100, a text
        indicator without a valid scale (or a scale on a numeric one), or a text
        indicator rolled up otherwise than by ``last``.
    """

    polarity: str = "higher"
    lower_method: str = "difference"
    rollup: str | None = None
    cap: Decimal | None = None
    scale: tuple[str, ...] = ()
    _ranks: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _float: object = field(default=None, init=False, repr=False, compare=False)
    _cap_cents: int | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        _choice(self.polarity, POLARITIES, "polarity")
        if self.rollup is None:
            object.__setattr__(self, "rollup", "last" if self.polarity == "text" else "sum")
        _choice(self.lower_method, LOWER_METHODS, "method for lower is better")
        _choice(self.rollup, ROLLUPS, "roll-up")
        if self.cap is not None:
            cap = to_decimal(self.cap, "cap")
            if cap < _HUNDRED:
                raise CapaianError(
                    "cap_below_100", f"A cap must be at least 100 % ({self.cap}).", value=self.cap
                )
            object.__setattr__(self, "cap", cap)
            cents = cap.quantize(_CENT, rounding=ROUND_HALF_UP).scaleb(2, _CONTEXT)
            object.__setattr__(self, "_cap_cents", int(cents))
        if self.polarity == "higher":
            object.__setattr__(self, "_float", _higher_float)
        elif self.polarity == "lower":
            ratio = self.lower_method == "ratio"
            object.__setattr__(self, "_float", _ratio_float if ratio else _difference_float)
        if self.polarity != "text":
            if self.scale:
                raise CapaianError("scale_not_text", "Only a text indicator has a scale of grades.")
            return
        if self.rollup != "last":
            raise CapaianError("text_rollup", "A text indicator rolls up by its last value only.")
        grades = _text_scale(self.scale)
        object.__setattr__(self, "scale", grades)
        ranks = {grade.casefold(): len(grades) - index for index, grade in enumerate(grades)}
        object.__setattr__(self, "_ranks", ranks)

    def rank(self, grade, what: str = "grade") -> int:
        """Rank of ``grade`` on the scale: 1 for the worst grade … len(scale) for the best.

        :raises CapaianError: ``not_text`` or ``not_on_scale``.
        """
        if not isinstance(grade, str):
            raise CapaianError(
                "not_text", f"The {what} must be a grade (text), not {grade!r}.", what=what
            )
        rank = self._ranks.get(grade.strip().casefold())
        if rank is None:
            raise CapaianError(
                "not_on_scale",
                f"The {what} {grade!r} is not on the scale {', '.join(self.scale)}.",
                what=what,
                value=grade,
                scale=self.scale,
            )
        return rank


def _text_scale(scale):
    if isinstance(scale, str) or not isinstance(scale, Sequence) or not scale:
        raise CapaianError("bad_text_scale", "A text indicator needs a list of grades, best first.")
    grades, seen = [], set()
    for grade in scale:
        if not isinstance(grade, str) or not grade.strip():
            raise CapaianError(
                "bad_text_scale", f"A grade must be a non-empty text, not {grade!r}."
            )
        grade = grade.strip()
        if grade.casefold() in seen:
            raise CapaianError(
                "bad_text_scale", f"The grade {grade!r} appears twice on the scale.", value=grade
            )
        seen.add(grade.casefold())
        grades.append(grade)
    return tuple(grades)


def _higher(target, realisation, rule):
    if not target:
        return _HUNDRED
    return realisation / target * _HUNDRED


def _lower(target, realisation, rule):
    if rule.lower_method == "difference":
        if not target:
            return _ZERO if realisation else _HUNDRED
        value = (_TWO * target - realisation) / target * _HUNDRED
        return value if value > 0 else _ZERO
    if not realisation:
        return rule.cap if target else _HUNDRED
    return target / realisation * _HUNDRED


def _range(bounds, realisation, rule):
    low, high = bounds
    if realisation < low:
        return _higher(low, realisation, rule)
    if realisation > high:
        return _lower(high, realisation, rule)
    return _HUNDRED


def _text(target_rank, realisation_rank, rule):
    if realisation_rank >= target_rank:
        return _HUNDRED
    return Decimal(realisation_rank) / target_rank * _HUNDRED


def _higher_float(target, realisation):
    return realisation / target * 100.0 if target else 100.0


def _difference_float(target, realisation):
    if not target:
        return 0.0 if realisation else 100.0
    value = (2.0 * target - realisation) / target * 100.0
    return value if value > 0 else 0.0


def _ratio_float(target, realisation):
    # R = 0 (cap or None) is left to the exact path: -1 is outside every result.
    return target / realisation * 100.0 if realisation else -1.0


_COMPUTE = {"higher": _higher, "lower": _lower, "range": _range, "text": _text}


HIGHER = Rule()
"""Higher is better, cumulative sum, no cap: the most common rule."""


def _range_target(value):
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise CapaianError(
            "bad_range", f"A range target is a pair (low, high), not {value!r}.", value=value
        )
    low, high = to_decimal(value[0], "lower bound"), to_decimal(value[1], "upper bound")
    if low > high:
        raise CapaianError(
            "bad_range",
            f"The lower bound {value[0]} of a range is above its upper bound {value[1]}.",
            value=value,
        )
    return low, high


def _operands(target, realisation, rule):
    polarity = rule.polarity
    if polarity == "text":
        return rule.rank(target, "target"), rule.rank(realisation, "realisation")
    if polarity == "range":
        return _range_target(target), to_decimal(realisation, "realisation")
    return to_decimal(target, "target"), to_decimal(realisation, "realisation")


def _finish(value, cap):
    if value is None:
        return None
    if cap is not None and value > cap:
        value = cap
    if value.adjusted() > _MAX_ADJUSTED:
        raise CapaianError("too_big", "The capaian is too large to be expressed.", what="capaian")
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _capaian(target, realisation, rule):
    if target is None or realisation is None:
        return None
    compute = rule._float
    if (
        compute is not None
        and (type(target) is float or type(target) is int)
        and (type(realisation) is float or type(realisation) is int)
        and 0 <= target <= _MAX_FLOAT  # False for NaN: the exact path refuses it
        and 0 <= realisation <= _MAX_FLOAT
    ):
        cents = compute(target, realisation) * 100.0
        if 0 <= cents < _FLOAT_CENTS_LIMIT:
            whole = int(cents)
            if abs(cents - whole - 0.5) > _TIE_MARGIN + cents * 1e-12:
                whole += cents - whole > 0.5  # half up, far from a tie
                cap = rule._cap_cents
                if cap is not None and whole > cap:
                    whole = cap
                result = _CENTS.get(whole)
                if result is None:
                    result = Decimal(whole).scaleb(-2, _CONTEXT)
                    if whole <= _CENTS_CACHED:
                        _CENTS[whole] = result  # immutable, shared
                return result
    t, r = _operands(target, realisation, rule)
    return _finish(_COMPUTE[rule.polarity](t, r, rule), rule.cap)


def capaian(target, realisation, rule: Rule = HIGHER) -> Decimal | None:
    """Return the capaian (%) of ``realisation`` against ``target`` under ``rule``,
    rounded to 2 decimals half up, or None when a side is not recorded (or for
    ``lower``/``ratio`` with R = 0 < T and no cap).

    ``target`` is a number, a pair (low, high) for ``range``, a grade for
    ``text``; ``realisation`` a number, or a grade for ``text``.

    :raises CapaianError: a value refused (see :func:`to_decimal`, ``bad_range``,
        ``not_text``, ``not_on_scale``).
    """
    with localcontext(_CONTEXT):
        return _capaian(target, realisation, rule)


def capaian_many(items: Iterable, rule: Rule = HIGHER) -> list[Decimal | None]:
    """Return :func:`capaian` of each item, in order, in one pass.

    An item is a tuple ``(target, realisation)`` measured with ``rule``, a
    tuple ``(target, realisation, rule)`` or a mapping with the keys ``target``,
    ``realisation`` and optionally ``rule``.

    :raises CapaianError: on the first value refused, with ``params["index"]``
        set to the item's position (and the position named in the message).
    """
    results = []
    append = results.append
    with localcontext(_CONTEXT):
        try:
            for item in items:
                if type(item) is tuple:
                    if len(item) == 2:
                        append(_capaian(item[0], item[1], rule))
                    else:
                        target, realisation, item_rule = item
                        append(_capaian(target, realisation, item_rule or rule))
                elif isinstance(item, Mapping):
                    item_rule = item.get("rule") or rule
                    append(_capaian(item["target"], item["realisation"], item_rule))
                else:
                    target, realisation = item
                    append(_capaian(target, realisation, rule))
        except CapaianError as error:
            index = len(results)  # the items before the refused one were all measured
            raise CapaianError(
                error.code, f"Item {index + 1}: {error}", index=index, **error.params
            ) from error
    return results


class Measurement(NamedTuple):
    """The rolled-up ``target`` and ``realisation`` of an indicator through
    ``quarter`` and their ``capaian``; all None when nothing is recorded."""

    quarter: int | None
    target: object
    realisation: object
    capaian: Decimal | None


def _through(values, through):
    if through is None:
        return len(values)
    if type(through) is not int or not 1 <= through <= len(values):
        raise CapaianError(
            "bad_quarter",
            f"The quarter must be a whole number from 1 to {len(values)}, not {through!r}.",
            value=through,
        )
    return through


def roll_up(values: Sequence, method: str, through: int | None = None, what: str = "value"):
    """Roll the quarterly ``values`` (numbers, or None where not recorded) up
    through quarter ``through`` (1-based; default: all of them) by ``method``
    (:data:`ROLLUPS`). Return an unrounded Decimal, or None when no quarter
    through ``through`` is recorded.

    :raises CapaianError: ``unknown_option``, ``bad_quarter`` or a value refused.
    """
    _choice(method, ROLLUPS, "roll-up")
    stop = _through(values, through)
    with localcontext(_CONTEXT):
        numbers = [to_decimal(value, what) for value in values[:stop] if value is not None]
        if not numbers:
            return None
        if method == "last":
            return numbers[-1]
        total = sum(numbers, _ZERO)
        return total if method == "sum" else total / len(numbers)


def _roll_targets(targets, rule, method, through):
    if rule.polarity == "text":
        grades = [grade for grade in targets[:through] if grade is not None]
        return grades[-1] if grades else None
    if rule.polarity == "range":
        pairs = [_range_target(pair) for pair in targets[:through] if pair is not None]
        if not pairs:
            return None
        return (
            roll_up([low for low, __ in pairs], method, what="lower bound"),
            roll_up([high for __, high in pairs], method, what="upper bound"),
        )
    return roll_up(targets, method, through, "target")


def measure(
    targets: Sequence,
    realisations: Sequence,
    rule: Rule = HIGHER,
    through: int | None = None,
    target_rollup: str | None = None,
) -> Measurement:
    """Roll up an indicator's quarterly ``targets`` and ``realisations`` (None
    where not recorded) through quarter ``through`` — by default the latest
    quarter with a recorded realisation — and measure them under ``rule``.

    Both sides roll up by ``rule.rollup``, unless ``target_rollup`` is given for
    the target side (e.g. ``last`` for targets written cumulatively, Tw IV =
    the annual target, while realisations are per quarter and summed). Text
    indicators take the last grade of each side.

    :raises CapaianError: ``bad_quarter``, ``unknown_option`` or a value refused.
    """
    if len(targets) != len(realisations):
        raise CapaianError(
            "bad_quarter",
            f"{len(targets)} quarterly targets for {len(realisations)} realisations.",
        )
    method = target_rollup or rule.rollup
    _choice(method, ROLLUPS, "roll-up")
    if rule.polarity == "text" and method != "last":
        raise CapaianError("text_rollup", "A text indicator rolls up by its last value only.")
    if through is None:
        recorded = [n for n, value in enumerate(realisations, 1) if value is not None]
        if not recorded:
            return Measurement(None, None, None, None)
        through = recorded[-1]
    through = _through(realisations, through)
    target = _roll_targets(targets, rule, method, through)
    if rule.polarity == "text":
        grades = [grade for grade in realisations[:through] if grade is not None]
        realisation = grades[-1] if grades else None
    else:
        realisation = roll_up(realisations, rule.rollup, through, "realisation")
    return Measurement(through, target, realisation, capaian(target, realisation, rule))
