"""Tests of tools.capaian and tools.capaian_rating: capaian, roll-up and rating as data."""

import math
import random
from decimal import Decimal

import pytest

from tools.capaian import (
    HIGHER,
    LOWER_METHODS,
    MAX_VALUE,
    POLARITIES,
    ROLLUPS,
    CapaianError,
    Measurement,
    Rule,
    capaian,
    capaian_many,
    measure,
    roll_up,
    to_decimal,
)
from tools.capaian_rating import Band, RatingScale, rate_many

D = Decimal
LOWER = Rule(polarity="lower")
RATIO = Rule(polarity="lower", lower_method="ratio")
RATIO_120 = Rule(polarity="lower", lower_method="ratio", cap=120)
RANGE = Rule(polarity="range")
GRADES = ["AA", "A", "BB", "B", "CC", "C", "D"]
TEXT = Rule(polarity="text", scale=GRADES)

# Sampang (>= 91 Sangat Baik ... <= 50 Sangat Kurang) and Banjarnegara
# (red < 70, yellow <= 90, green above), written by the start of each band.
SAMPANG = RatingScale(
    [
        (0, "Sangat Kurang", "#C0392B"),
        (50, "Kurang", "#E67E22", False),
        (66, "Cukup", "#F1C40F"),
        (76, "Baik", "#27AE60"),
        (91, "Sangat Baik", "#1E8449"),
    ]
)
BANJARNEGARA = RatingScale(
    [
        {"start": 0, "label": "Merah", "colour": "#d00"},
        {"start": 70, "label": "Kuning", "colour": "#ffcc00"},
        {"start": 90, "label": "Hijau", "colour": "#0a0", "inclusive": False},
    ]
)


@pytest.mark.parametrize(
    ("target", "realisation", "rule", "expected"),
    [
        # higher is better: R / T * 100
        (80, 60, HIGHER, "75.00"),
        (100, 100, HIGHER, "100.00"),
        (100, 125, HIGHER, "125.00"),
        (3, 1, HIGHER, "33.33"),
        (3, 2, HIGHER, "66.67"),
        (98.5, 97.25, HIGHER, "98.73"),
        (100, 12.345, HIGHER, "12.35"),  # half up on the typed figure, not the binary
        (200, 0.01, HIGHER, "0.01"),  # 0.005 exactly: half up
        (1, 1.005, HIGHER, "100.50"),
        (D("2.5"), D("1"), HIGHER, "40.00"),
        (0, 0, HIGHER, "100.00"),  # zero target: met
        (0, 7, HIGHER, "100.00"),
        (50, 0, HIGHER, "0.00"),  # zero realisation
        # lower is better, difference: (2T - R) / T * 100
        (10, 5, LOWER, "150.00"),
        (10, 10, LOWER, "100.00"),
        (10, 12, LOWER, "80.00"),
        (10, 20, LOWER, "0.00"),
        (10, 25, LOWER, "0.00"),  # floored at 0
        (10, 0, LOWER, "200.00"),
        (0, 0, LOWER, "100.00"),
        (0, 3, LOWER, "0.00"),
        (3, 4, LOWER, "66.67"),
        # lower is better, ratio: T / R * 100
        (10, 8, RATIO, "125.00"),
        (10, 12, RATIO, "83.33"),
        (10, 0, RATIO, None),  # no finite ratio, no cap: not measurable
        (10, 0, RATIO_120, "120.00"),  # ... with a cap: the cap
        (0, 0, RATIO, "100.00"),
        (0, 5, RATIO, "0.00"),
        (10, 5, RATIO_120, "120.00"),
        # range: inside 100, below against low (higher), above against high (lower)
        ((2, 4), 2, RANGE, "100.00"),
        ((2, 4), 3, RANGE, "100.00"),
        ((2, 4), 4, RANGE, "100.00"),
        ((2, 4), 1, RANGE, "50.00"),
        ((2, 4), 0, RANGE, "0.00"),
        ((2, 4), 5, RANGE, "75.00"),
        ((2, 4), 8, RANGE, "0.00"),
        ((2, 4), 5, Rule(polarity="range", lower_method="ratio"), "80.00"),
        ([3, 3], 3, RANGE, "100.00"),
        ((0, 0), 0, RANGE, "100.00"),
        ((0, 0), 1, RANGE, "0.00"),
        ((0, 5), 6, RANGE, "80.00"),
        # text grades, best first: rank counted from the worst (D = 1 .. AA = 7)
        ("A", "A", TEXT, "100.00"),
        ("A", "AA", TEXT, "100.00"),
        ("A", "BB", TEXT, "83.33"),
        ("A", "D", TEXT, "16.67"),
        ("BB", "B", TEXT, "80.00"),
        ("D", "D", TEXT, "100.00"),
        ("AA", "C", TEXT, "28.57"),
        (" bb ", "b", TEXT, "80.00"),  # spaces and case ignored
        # None: not recorded
        (None, 5, HIGHER, None),
        (5, None, HIGHER, None),
        (None, None, TEXT, None),
    ],
)
def test_capaian(target, realisation, rule, expected):
    result = capaian(target, realisation, rule)
    assert result == (None if expected is None else D(expected))
    if result is not None:
        assert str(result) == expected  # two decimals, always


@pytest.mark.parametrize(
    ("target", "realisation", "cap", "expected"),
    [
        (100, 150, 100, "100.00"),
        (100, 150, 120, "120.00"),
        (100, 110, 120, "110.00"),
        (100, 99, 100, "99.00"),
        (100, 120.004, 120, "120.00"),
        (100, 120.006, 120, "120.00"),
        (100, 130, D("120.5"), "120.50"),
        (0, 5, 100, "100.00"),
    ],
)
def test_cap(target, realisation, cap, expected):
    assert capaian(target, realisation, Rule(cap=cap)) == D(expected)
    # the exact path caps the same way
    assert capaian(D(str(target)), D(str(realisation)), Rule(cap=cap)) == D(expected)


def test_cap_on_every_polarity():
    assert capaian(10, 0, Rule(polarity="lower", cap=150)) == D("150.00")
    assert capaian((2, 4), 2, Rule(polarity="range", cap=100)) == D("100.00")
    assert capaian("D", "AA", Rule(polarity="text", scale=GRADES, cap=100)) == D("100.00")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-1, "negative"),
        (-0.01, "negative"),
        (D("-5"), "negative"),
        (math.nan, "not_finite"),
        (math.inf, "not_finite"),
        (-math.inf, "not_finite"),
        (D("NaN"), "not_finite"),
        ("12", "not_a_number"),
        (True, "not_a_number"),
        (False, "not_a_number"),
        ([1], "not_a_number"),
        (10**16, "too_big"),
        (1e16, "too_big"),
    ],
)
@pytest.mark.parametrize("side", ["target", "realisation"])
def test_refused(value, code, side):
    target, realisation = (value, 10) if side == "target" else (10, value)
    with pytest.raises(CapaianError) as raised:
        capaian(target, realisation)
    assert raised.value.code == code
    assert raised.value.params["what"] == side
    assert side in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_refusal_messages_are_clear():
    with pytest.raises(CapaianError, match=r"^The realisation must not be negative \(-3\)\.$"):
        capaian(10, -3)
    with pytest.raises(CapaianError, match=r"^The target must be a number, not '12'\.$"):
        capaian("12", 10)


def test_to_decimal():
    assert to_decimal(0.1) == D("0.1")
    assert to_decimal(12.345) == D("12.345")
    assert to_decimal(-0.0) == 0 and not to_decimal(-0.0).is_signed()
    assert to_decimal(MAX_VALUE) == MAX_VALUE
    assert to_decimal(7) == D(7)


@pytest.mark.parametrize(
    ("target", "realisation", "rule", "code"),
    [
        ((4, 2), 3, RANGE, "bad_range"),
        (3, 3, RANGE, "bad_range"),
        ("2-4", 3, RANGE, "bad_range"),
        ((1, 2, 3), 3, RANGE, "bad_range"),
        ((-1, 2), 1, RANGE, "negative"),
        ((1, 2), -1, RANGE, "negative"),
        ("A", "E", TEXT, "not_on_scale"),
        ("Z", "A", TEXT, "not_on_scale"),
        ("A", 5, TEXT, "not_text"),
        (5, "A", TEXT, "not_text"),
    ],
)
def test_refused_range_and_text(target, realisation, rule, code):
    with pytest.raises(CapaianError) as raised:
        capaian(target, realisation, rule)
    assert raised.value.code == code


def test_not_on_scale_names_the_scale():
    with pytest.raises(CapaianError, match="'E' is not on the scale AA, A, BB, B, CC, C, D"):
        capaian("A", "E", TEXT)


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"polarity": "bigger"}, "unknown_option"),
        ({"lower_method": "inverse"}, "unknown_option"),
        ({"rollup": "median"}, "unknown_option"),
        ({"cap": 99.99}, "cap_below_100"),
        ({"cap": -1}, "negative"),
        ({"cap": "120"}, "not_a_number"),
        ({"scale": ("A", "B")}, "scale_not_text"),
        ({"polarity": "text"}, "bad_text_scale"),
        ({"polarity": "text", "scale": "AA A B"}, "bad_text_scale"),
        ({"polarity": "text", "scale": ["A", ""]}, "bad_text_scale"),
        ({"polarity": "text", "scale": ["A", 1]}, "bad_text_scale"),
        ({"polarity": "text", "scale": ["A", "B", "a"]}, "bad_text_scale"),
        ({"polarity": "text", "scale": ["A", "B"], "rollup": "sum"}, "text_rollup"),
        ({"polarity": "text", "scale": ["A", "B"], "rollup": "average"}, "text_rollup"),
    ],
)
def test_rule_refused(options, code):
    with pytest.raises(CapaianError) as raised:
        Rule(**options)
    assert raised.value.code == code


def test_rule_is_data():
    assert POLARITIES == ("higher", "lower", "range", "text")
    assert LOWER_METHODS == ("difference", "ratio")
    assert ROLLUPS == ("sum", "average", "last")
    assert Rule() == HIGHER and HIGHER.rollup == "sum" and HIGHER.cap is None
    assert TEXT.rollup == "last"
    assert TEXT.scale == tuple(GRADES)
    assert Rule(polarity="text", scale=[" A ", "B"]).scale == ("A", "B")
    assert Rule(cap=120).cap == D(120)
    assert Rule(cap=120) == Rule(cap=D("120"))
    assert len({Rule(), Rule(), LOWER, RATIO}) == 3  # hashable, by value
    assert [TEXT.rank(grade) for grade in GRADES] == [7, 6, 5, 4, 3, 2, 1]
    with pytest.raises(AttributeError):
        HIGHER.cap = 100  # frozen


@pytest.mark.parametrize(
    ("values", "method", "through", "expected"),
    [
        ([10, 20, 30, 40], "sum", None, "100"),
        ([10, 20, 30, 40], "sum", 2, "30"),
        ([10, 20, 30, 40], "average", None, "25"),
        ([10, 20, 30, 40], "average", 3, "20"),
        ([10, 20, 30, 40], "last", None, "40"),
        ([10, 20, 30, 40], "last", 1, "10"),
        # missing quarters: not recorded, neither zero nor counted
        ([10, None, 30, None], "sum", None, "40"),
        ([10, None, 30, None], "average", None, "20"),
        ([10, None, 30, None], "last", None, "30"),
        ([10, None, 30, None], "last", 2, "10"),
        ([None, None, None, None], "sum", None, None),
        ([None, None, None, None], "average", None, None),
        ([None, None, None, None], "last", None, None),
        ([None, None, 5, None], "sum", 2, None),
        ([0, 0, 0, 0], "sum", None, "0"),
        ([0, None, None, None], "average", None, "0"),
        ([0.1, 0.2, None, None], "sum", None, "0.3"),  # decimal, not 0.30000000000000004
        ([1, 1, 2, None], "average", None, "1.333333333333333333333333333333333333333"),
        ([], "sum", None, None),
    ],
)
def test_roll_up(values, method, through, expected):
    assert roll_up(values, method, through) == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("values", "method", "through", "code"),
    [
        ([1, 2], "median", None, "unknown_option"),
        ([1, 2, 3, 4], "sum", 0, "bad_quarter"),
        ([1, 2, 3, 4], "sum", 5, "bad_quarter"),
        ([1, 2, 3, 4], "sum", 2.0, "bad_quarter"),
        ([1, -2, 3, 4], "sum", None, "negative"),
        ([1, "x", 3, 4], "last", None, "not_a_number"),
    ],
)
def test_roll_up_refused(values, method, through, code):
    with pytest.raises(CapaianError) as raised:
        roll_up(values, method, through)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("targets", "realisations", "rule", "options", "expected"),
    [
        # per-quarter targets summed; measured through the last recorded quarter
        ([25, 25, 25, 25], [20, 30, None, None], HIGHER, {}, (2, "50", "50", "100.00")),
        ([25, 25, 25, 25], [20, 10, None, None], HIGHER, {}, (2, "50", "30", "60.00")),
        ([25, 25, 25, 25], [20, 10, None, None], HIGHER, {"through": 4}, (4, "100", "30", "30.00")),
        # a gap: Tw II not recorded counts as nothing reached under a sum
        ([25, 25, 25, 25], [20, None, 30, None], HIGHER, {}, (3, "75", "50", "66.67")),
        # targets written cumulatively (Tw IV = the year's target)
        (
            [25, 50, 75, 100],
            [20, 30, None, None],
            HIGHER,
            {"target_rollup": "last"},
            (2, "50", "50", "100.00"),
        ),
        # average: rates
        (
            [80, 80, 85, 90],
            [78, 82, None, None],
            Rule(rollup="average"),
            {},
            (2, "80", "80", "100.00"),
        ),
        (
            [80, 80, 86, 90],
            [70, None, 90, None],
            Rule(rollup="average"),
            {},
            (3, "82", "80", "97.56"),
        ),
        # last value: a status
        ([10, 20, 30, 40], [12, 15, 25, None], Rule(rollup="last"), {}, (3, "30", "25", "83.33")),
        # lower is better, summed
        ([5, 5, 5, 5], [4, 7, None, None], LOWER, {}, (2, "10", "11", "90.00")),
        # range, bound by bound
        (
            [(2, 4), (2, 4), None, None],
            [1, 5, None, None],
            Rule(polarity="range", rollup="average"),
            {},
            (2, (D(2), D(4)), "3", "100.00"),
        ),
        # text: the last grade of each side
        (["B", "BB", "A", "A"], ["CC", "B", None, None], TEXT, {}, (2, "BB", "B", "80.00")),
        (["B", None, None, "A"], ["CC", None, None, None], TEXT, {}, (1, "B", "CC", "75.00")),
        # nothing recorded yet
        ([25, 25, 25, 25], [None, None, None, None], HIGHER, {}, (None, None, None, None)),
        # a realisation without a target: not measured
        ([None, None, None, None], [5, None, None, None], HIGHER, {}, (1, None, "5", None)),
    ],
)
def test_measure(targets, realisations, rule, options, expected):
    quarter, target, realisation, result = expected
    measured = measure(targets, realisations, rule, **options)
    assert isinstance(measured, Measurement)
    assert measured.quarter == quarter
    if isinstance(target, str) and rule.polarity != "text":
        target = D(target)
    if isinstance(realisation, str) and rule.polarity != "text":
        realisation = D(realisation)
    assert measured.target == target
    assert measured.realisation == realisation
    assert measured.capaian == (None if result is None else D(result))


def test_measure_refused():
    with pytest.raises(CapaianError) as raised:
        measure([1, 2, 3, 4], [1, 2, 3])
    assert raised.value.code == "bad_quarter"
    with pytest.raises(CapaianError) as raised:
        measure(["A"] * 4, ["A"] * 4, TEXT, target_rollup="sum")
    assert raised.value.code == "text_rollup"
    with pytest.raises(CapaianError) as raised:
        measure([1, 2, 3, 4], [1, None, None, None], through=5)
    assert raised.value.code == "bad_quarter"
    with pytest.raises(CapaianError) as raised:
        measure([1, 2, 3, 4], [1, None, None, None], target_rollup="median")
    assert raised.value.code == "unknown_option"


def test_capaian_many_forms():
    items = [
        (80, 60),
        (10, 5, LOWER),
        (10, 5, None),  # None: the default rule
        {"target": (2, 4), "realisation": 5, "rule": RANGE},
        {"target": 50, "realisation": 50},
        [100, 120],
        ("A", "BB", TEXT),
        (None, 3),
    ]
    assert capaian_many(items) == [
        D("75.00"),
        D("150.00"),
        D("50.00"),
        D("75.00"),
        D("100.00"),
        D("120.00"),
        D("83.33"),
        None,
    ]
    assert capaian_many([(100, 150), (100, 90)], Rule(cap=100)) == [D("100.00"), D("90.00")]
    assert capaian_many([]) == []
    assert capaian_many(iter([(1, 1)])) == [D("100.00")]


def test_capaian_many_names_the_refused_item():
    with pytest.raises(CapaianError) as raised:
        capaian_many([(1, 2), (2, 1), (3, -1), (4, 4)])
    assert raised.value.code == "negative"
    assert raised.value.params["index"] == 2
    assert str(raised.value) == "Item 3: The realisation must not be negative (-1)."


@pytest.mark.parametrize("rule", [HIGHER, LOWER, RATIO, RATIO_120, Rule(cap=100)])
def test_float_path_agrees_with_the_exact_path(rule):
    """The float path of higher/lower returns what the Decimal path gives."""
    chance = random.Random(15)
    pairs = []
    for __ in range(3000):
        target = chance.choice([chance.randint(0, 10**6) / 100, chance.uniform(0, 1e6)])
        realisation = chance.choice(
            [round(target * chance.uniform(0, 2.2), 2), chance.randint(0, 400), chance.random()]
        )
        pairs.append((target, realisation))
    # exact ties at half a cent, where the float path must step aside
    pairs += [(200, 0.01), (8, 0.001), (100, 12.345), (1000, 0.05), (40, 0.002), (3.2, 0.0001)]
    exact = [(D(repr(t)), D(repr(r))) for t, r in pairs]
    assert capaian_many(pairs, rule) == capaian_many(exact, rule)


# Rating --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0, "Sangat Kurang"),
        (50, "Sangat Kurang"),
        (D("50.00"), "Sangat Kurang"),
        (50.004, "Sangat Kurang"),  # rated as printed: 50.00
        (50.005, "Kurang"),  # 50.01
        (50.01, "Kurang"),
        (65.99, "Kurang"),
        (66, "Cukup"),
        (75.99, "Cukup"),
        (76, "Baik"),
        (90.99, "Baik"),
        (90.995, "Sangat Baik"),
        (91, "Sangat Baik"),
        (100, "Sangat Baik"),
        (250, "Sangat Baik"),
        (D("1E+30"), "Sangat Baik"),  # a capaian above MAX_VALUE, as computed
    ],
)
def test_rate_sampang(value, label):
    assert SAMPANG.rate(value).label == label


@pytest.mark.parametrize(
    ("value", "label", "colour"),
    [
        (0, "Merah", "#DD0000"),
        (69.99, "Merah", "#DD0000"),
        (69.995, "Kuning", "#FFCC00"),
        (70, "Kuning", "#FFCC00"),
        (90, "Kuning", "#FFCC00"),
        (90.004, "Kuning", "#FFCC00"),
        (90.01, "Hijau", "#00AA00"),
        (120, "Hijau", "#00AA00"),
    ],
)
def test_rate_banjarnegara(value, label, colour):
    band = BANJARNEGARA.rate(value)
    assert (band.label, band.colour) == (label, colour)


def test_rate_capaian_results():
    values = capaian_many([(100, 69.99), (100, 90), (100, 91), (10, 0)], RATIO)
    assert values[3] is None
    assert [band and band.label for band in rate_many(values, BANJARNEGARA)] == [
        "Hijau",
        "Hijau",
        "Hijau",
        None,
    ]
    values = capaian_many([(100, 69.99), (100, 90), (100, 91)])
    assert [band.label for band in rate_many(values, SAMPANG)] == ["Cukup", "Baik", "Sangat Baik"]
    assert SAMPANG.rate(None) is None


def test_rate_refused():
    for value, code in [(-1, "negative"), ("90", "not_a_number"), (D("NaN"), "not_finite")]:
        with pytest.raises(CapaianError) as raised:
            SAMPANG.rate(value)
        assert raised.value.code == code


def test_scale_is_data():
    assert BANJARNEGARA.bands[2] == Band(D(90), "Hijau", "#00AA00", False)
    assert RatingScale([(0, "Semua", "#fff")]).rate(55).label == "Semua"
    same = RatingScale([Band(D(0), "Merah", "#DD0000"), (70, "Kuning", "#FFCC00"),
                        (90, "Hijau", "#00AA00", False)])  # fmt: skip
    assert same == BANJARNEGARA and hash(same) == hash(BANJARNEGARA)
    assert "Hijau" in repr(BANJARNEGARA)
    # "> 90" then ">= 90.02": 90.01 is the only figure of the band "> 90"
    narrow = RatingScale([(0, "a", "#000"), (90, "b", "#111", False), (D("90.02"), "c", "#222")])
    assert [narrow.rate(v).label for v in (90, 90.01, 90.02)] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("bands", "code", "message"),
    [
        ([], "empty_scale", "at least one band"),
        ([(10, "a", "#000"), (50, "b", "#111")], "scale_start", "must start at 0 inclusive"),
        ([(0, "a", "#000", False), (50, "b", "#111")], "scale_start", "(a) must start at 0"),
        ([(0, "a", "#000"), (70, "b", "#111"), (50, "c", "#222")], "scale_order", "ascending"),
        ([(0, "a", "#000"), (70, "b", "#111"), (70, "c", "#222")], "scale_order", "overlap"),
        ([(0, "a", "#000"), (70, "b", "#111", False), (70, "c", "#222")], "scale_order", "c"),
        ([(0, "a", "#000"), (90, "b", "#111", False), (D("90.01"), "c", "#2")], "bad_colour", "c"),
        (
            [(0, "a", "#000"), (90, "b", "#111", False), (D("90.01"), "c", "#222")],
            "scale_order",
            "The band c (≥ 90.01) must start above the band b (> 90)",
        ),
        ([(0, "a", "#000"), (D("50.005"), "b", "#111")], "bad_band", "at most 2 decimals"),
        ([(0, "a", "#000"), (-5, "b", "#111")], "negative", "start of a band"),
        ([(0, "a", "#000"), ("50", "b", "#111")], "not_a_number", "start of a band"),
        ([(0, "a", "#000"), (50, "A", "#111")], "duplicate_label", "appears twice"),
        ([(0, " ", "#000")], "bad_label", "needs a label"),
        ([(0, None, "#000")], "bad_label", "needs a label"),
        ([(0, "a", "red")], "bad_colour", "#RGB or #RRGGBB"),
        ([(0, "a", "#12345")], "bad_colour", "#RGB or #RRGGBB"),
        ([(0, "a", None)], "bad_colour", "#RGB or #RRGGBB"),
        ([(0, "a", "#000", "yes")], "bad_band", "True or False"),
        ([(0, "a")], "bad_band", "a start, a label and a colour"),
        (["0 a #000"], "bad_band", "a start, a label and a colour"),
        ([{"start": 0, "label": "a"}], "bad_band", "lacks its colour"),
    ],
)
def test_scale_refused(bands, code, message):
    with pytest.raises(CapaianError) as raised:
        RatingScale(bands)
    assert raised.value.code == code
    assert message in str(raised.value)
