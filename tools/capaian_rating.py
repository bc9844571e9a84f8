# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rating of a capaian on an office's scale (issue 15, item 3): bands as data.

A scale is a list of bands in ascending order, each from a ``start``
(inclusive: capaian >= start, or exclusive: capaian > start) up to the next
band's start, with a label and a colour. The first band starts at 0 inclusive
and the last is open upwards (a capaian over 100 without a cap is still
rated), so a valid scale has no gap and no overlap by construction; the
validation says which band breaks that. Starts have at most 2 decimals, like a
capaian; a band that no capaian can fall in (e.g. "> 90" then ">= 90.01")
is refused as an overlap. A capaian is rated as rounded to 2
decimals half up: the figure printed is the figure rated.

The regional scales are written so, e.g.:

Sampang (>= 91 Sangat Baik ... <= 50 Sangat Kurang; the middle bands as in
Permendagri 86/2017): [0 Sangat Kurang, > 50 Kurang, >= 66 Cukup, >= 76 Baik,
>= 91 Sangat Baik] — a whole-number table "51-65, 66-75" leaves 65.5 between
two bands; writing each band by its start decides where it goes.
Banjarnegara (red < 70, yellow <= 90, green above): [0 red, >= 70 yellow,
> 90 green].
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from .capaian import _CENT, _CONTEXT, CapaianError, to_decimal

__all__ = ["Band", "RatingScale", "rate_many"]

_HALF_CENT = Decimal("0.005")
_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")


class Band(NamedTuple):
    """A rating band: from ``start`` (``inclusive``: capaian ≥ start, else > start)
    up to the next band's start."""

    start: Decimal
    label: str
    colour: str
    inclusive: bool = True


class RatingScale:
    """An office's rating scale: :class:`Band` s in ascending order (see the module).

    ``bands``: Band, tuples ``(start, label, colour[, inclusive])`` or mappings
    with those keys. Colours are ``#RGB`` or ``#RRGGBB`` (kept as
    ``#RRGGBB``, upper case).

    :raises CapaianError: ``empty_scale``, ``scale_start`` (the first band does
        not start at 0 inclusive: a gap below it), ``scale_order`` (a band does
        not start above the one before it: out of order or overlapping),
        ``bad_label``, ``duplicate_label``, ``bad_colour``, ``bad_band`` or a
        start refused.
    """

    __slots__ = ("_thresholds", "bands")

    def __init__(self, bands: Iterable) -> None:
        self.bands = tuple(_band(number, band) for number, band in enumerate(bands, 1))
        if not self.bands:
            raise CapaianError("empty_scale", "A rating scale needs at least one band.")
        first = self.bands[0]
        if first.start or not first.inclusive:
            raise CapaianError(
                "scale_start",
                f"The first band ({first.label}) must start at 0 inclusive, so that "
                "every capaian is rated.",
                label=first.label,
            )
        labels = set()
        for previous, band in zip((None, *self.bands), self.bands, strict=False):
            if band.label.casefold() in labels:
                raise CapaianError(
                    "duplicate_label",
                    f"The label {band.label!r} appears twice on the scale.",
                    label=band.label,
                )
            labels.add(band.label.casefold())
            if previous and _threshold(band) <= _threshold(previous):
                raise CapaianError(
                    "scale_order",
                    f"The band {band.label} ({_describe(band)}) must start above the band "
                    f"{previous.label} ({_describe(previous)}): bands go in ascending "
                    "order, without overlap.",
                    label=band.label,
                    previous=previous.label,
                )
        self._thresholds = [_threshold(band) for band in self.bands]

    def __repr__(self):
        return f"RatingScale({list(self.bands)!r})"

    def __eq__(self, other):
        return isinstance(other, RatingScale) and self.bands == other.bands

    def __hash__(self):
        return hash(self.bands)

    def rate(self, value) -> Band | None:
        """The band of the capaian ``value`` (rounded first to 2 decimals half
        up, as it is printed), or None when ``value`` is None."""
        if value is None:
            return None
        if type(value) is not Decimal or not value.is_finite() or value < 0:
            value = to_decimal(value, "capaian")  # a float through its repr, as capaian()
        # Rounded half up to cents, v reaches a cent c exactly when v >= c - 0.005:
        # comparing v with the shifted thresholds rates the rounded figure.
        return self.bands[bisect_right(self._thresholds, value) - 1]


def rate_many(values: Iterable, scale: RatingScale) -> list[Band | None]:
    """:meth:`RatingScale.rate` of each value, in order."""
    rate = scale.rate
    return [rate(value) for value in values]


def _threshold(band):
    # The least capaian, in cents, the band takes, less half a cent (see rate()).
    cent = band.start if band.inclusive else band.start + _CENT
    return cent - _HALF_CENT


def _describe(band):
    return f"{'≥' if band.inclusive else '>'} {band.start}"


def _band(number, band):
    if isinstance(band, Mapping):
        try:
            values = (band["start"], band["label"], band["colour"], band.get("inclusive", True))
        except KeyError as error:
            raise CapaianError(
                "bad_band", f"Band {number} lacks its {error.args[0]}.", band=number
            ) from error
    elif isinstance(band, Sequence) and not isinstance(band, str) and len(band) in (3, 4):
        values = (*band, True)[:4]
    else:
        raise CapaianError(
            "bad_band",
            f"Band {number} must give a start, a label and a colour, not {band!r}.",
            band=number,
        )
    start, label, colour, inclusive = values
    start = to_decimal(start, "start of a band")
    if start != start.quantize(_CENT, context=_CONTEXT):
        raise CapaianError(
            "bad_band",
            f"Band {number} starts at {start}: at most 2 decimals, like a capaian.",
            band=number,
        )
    if not isinstance(label, str) or not label.strip():
        raise CapaianError(
            "bad_label", f"Band {number} needs a label (text), not {label!r}.", band=number
        )
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour.strip()):
        raise CapaianError(
            "bad_colour",
            f"The colour of band {label.strip()} must be #RGB or #RRGGBB, not {colour!r}.",
            band=number,
            value=colour,
        )
    colour = colour.strip().upper()
    if len(colour) == 4:
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    if not isinstance(inclusive, bool):
        raise CapaianError(
            "bad_band", f"Band {number}: inclusive must be True or False.", band=number
        )
    return Band(start, label.strip(), colour, inclusive)
