"""Tests of tools.sop_flowchart (the flowchart of the SOP sheet), read back
from the SVG drawings by their class names."""

import xml.etree.ElementTree as ET

import pytest

from tools.sop_flowchart import FlowStep, flowchart_row_variants, flowchart_rows

SVG = "{http://www.w3.org/2000/svg}"

#: The shipped 14-step SOP Penyusunan Penetapan Kinerja: lanes Kepala Dinas (0),
#: Sekretaris Dinas (1), Tim Perencanaan (2), Bidang (3); steps 9 and 11 send
#: back to step 8.
LANES = [0, 2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 2, 2, 2]
PARTICIPANTS = {3: (1,), 4: (1, 3), 5: (3,), 10: (2,)}
SEND_BACK = {8: 7, 10: 7}
BANYUMAS = [
    FlowStep(lane, SEND_BACK.get(i), PARTICIPANTS.get(i, ()), str(i + 1))
    for i, lane in enumerate(LANES)
]


def parse(rows):
    return [ET.fromstring(svg) for svg in rows]


def by_class(root, css):
    return [el for el in root.iter() if el.get("class") == css]


def shapes(trees, css):
    return [index for index, tree in enumerate(trees) if by_class(tree, css)]


def test_one_drawing_per_step_valid_svg():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    assert len(trees) == 14
    for index, tree in enumerate(trees):
        assert tree.tag == f"{SVG}svg"
        assert tree.get("width") == "400"
        assert tree.get("data-row") == str(index)
        # only what old Qt WebKit draws
        tags = {el.tag.replace(SVG, "") for el in tree.iter()}
        assert tags <= {"svg", "g", "line", "rect", "polygon", "text"}
        assert "transform" not in ET.tostring(tree, encoding="unicode")


def test_terminators_first_and_last():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    assert shapes(trees, "sakip-fc-terminator") == [0, 13]
    for index in (0, 13):
        (rect,) = by_class(trees[index], "sakip-fc-terminator")
        assert float(rect.get("rx")) > 0  # rounded


def test_diamonds_exactly_at_send_back_steps():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    assert shapes(trees, "sakip-fc-decision") == [8, 10]
    assert shapes(trees, "sakip-fc-process") == [i for i in range(1, 13) if i not in (8, 10)]
    # every row has exactly one shape
    for tree in trees:
        count = sum(
            len(by_class(tree, css))
            for css in ("sakip-fc-terminator", "sakip-fc-process", "sakip-fc-decision")
        )
        assert count == 1


def test_shapes_in_their_actor_lane():
    trees = parse(flowchart_rows(BANYUMAS, 4, lane_width=100))
    for index, tree in enumerate(trees):
        shape = next(
            el
            for css in ("sakip-fc-terminator", "sakip-fc-process", "sakip-fc-decision")
            for el in by_class(tree, css)
        )
        if shape.tag == f"{SVG}rect":
            centre = float(shape.get("x")) + float(shape.get("width")) / 2
        else:
            xs = [float(p.split(",")[0]) for p in shape.get("points").split()]
            centre = (min(xs) + max(xs)) / 2
        assert LANES[index] * 100 < centre < (LANES[index] + 1) * 100


def test_participants_dashed_in_their_lanes():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    for index, tree in enumerate(trees):
        boxes = by_class(tree, "sakip-fc-participant")
        assert len(boxes) == len(PARTICIPANTS.get(index, ()))
        for box, lane in zip(boxes, sorted(PARTICIPANTS.get(index, ())), strict=True):
            assert lane * 100 < float(box.get("x")) < (lane + 1) * 100
            assert box.get("stroke-dasharray")


def test_one_connector_between_each_consecutive_pair():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    outgoing = [
        (index, el.get("data-from"), el.get("data-to"))
        for index, tree in enumerate(trees)
        for el in by_class(tree, "sakip-fc-connector")
    ]
    assert outgoing == [(i, str(i), str(i + 1)) for i in range(13)]
    incoming = [
        (index, el.get("data-from"), el.get("data-to"))
        for index, tree in enumerate(trees)
        for el in by_class(tree, "sakip-fc-connector-in")
    ]
    assert incoming == [(i + 1, str(i), str(i + 1)) for i in range(13)]
    for index in range(1, 14):
        (group,) = by_class(trees[index], "sakip-fc-connector-in")
        assert by_class(group, "sakip-fc-arrow"), "each connector ends in an arrowhead"
    # across lanes: the connector of step 1 (lane 0) turns to lane 2
    (group,) = by_class(trees[0], "sakip-fc-connector")
    xs = {float(line.get("x2")) for line in group if line.get("x2") != "100%"}
    assert 250 in xs


def test_send_back_channel_with_tidak_into_the_target():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    rows = [i for i, tree in enumerate(trees) if by_class(tree, "sakip-fc-channel")]
    # one channel (both send back to step 8), from row 8 down to row 11
    assert rows == [7, 8, 9, 10]
    for index in rows:
        (channel,) = by_class(trees[index], "sakip-fc-channel")
        assert channel.get("data-to") == "7"
        assert channel.get("data-from") == "8,10"
    (target,) = by_class(trees[7], "sakip-fc-channel")
    assert len(by_class(target, "sakip-fc-arrow")) == 1
    for source in (8, 10):
        (channel,) = by_class(trees[source], "sakip-fc-channel")
        assert [t.text for t in channel.iter(f"{SVG}text")] == ["tidak"]
    assert by_class(trees[9], "sakip-fc-channel")[0].findall(f"{SVG}text") == []


def offpage_labels(tree):
    return [g.get("data-label") for g in by_class(tree, "sakip-fc-offpage-group")]


def test_no_offpage_connector_without_break():
    trees = parse(flowchart_rows(BANYUMAS, 4))
    assert not any(offpage_labels(tree) for tree in trees)


def test_offpage_connectors_at_breaks():
    trees = parse(flowchart_rows(BANYUMAS, 4, breaks={4, 7}))
    assert offpage_labels(trees[4]) == ["6"]
    assert offpage_labels(trees[5]) == ["6"]
    # after row 8 the page breaks: the flow to step 9 continues over it, and
    # the send-back channel into step 8 comes from the next page
    assert sorted(offpage_labels(trees[7])) == ["8", "9"]
    # step 9 starts from the connector; the send-back channel back to step 8
    # leaves the page through its own connector labelled 8
    assert sorted(offpage_labels(trees[8])) == ["8", "9"]
    others = [i for i, tree in enumerate(trees) if offpage_labels(tree)]
    assert others == [4, 5, 7, 8]
    # the connector leaving a page ends in the pentagon, without a line to the row's foot
    (group,) = by_class(trees[7], "sakip-fc-connector")
    assert all(line.get("y2") != "100%" for line in group.iter(f"{SVG}line"))
    (group,) = by_class(trees[8], "sakip-fc-connector-in")
    assert all(line.get("y1") != "0" for line in group.iter(f"{SVG}line"))


def test_channel_crossing_a_break_gets_connectors_on_both_pages():
    trees = parse(flowchart_rows(BANYUMAS, 4, breaks={8}))
    # the channel 11 -> 8 crosses the break after step 9: pentagons "8" in both rows
    assert "8" in offpage_labels(trees[8])
    assert "8" in offpage_labels(trees[9])
    assert "10" in offpage_labels(trees[8]) and "10" in offpage_labels(trees[9])


def test_variants_match_the_breaks_next_to_a_row():
    variants = flowchart_row_variants(BANYUMAS, 4)
    assert len(variants) == 14
    plain = flowchart_rows(BANYUMAS, 4)
    broken = flowchart_rows(BANYUMAS, 4, breaks={3, 4})
    for index, row in enumerate(variants):
        assert set(row) == {"00", "10", "01", "11"}
        assert row["00"] == plain[index]
    assert variants[3]["01"] == broken[3]
    assert variants[4]["11"] == broken[4]
    assert variants[5]["10"] == broken[5]
    # the first row has no break before it, the last none after it
    assert variants[0]["10"] == variants[0]["00"]
    assert variants[13]["01"] == variants[13]["00"]


def test_single_and_empty():
    assert flowchart_rows([], 1) == []
    (tree,) = parse(flowchart_rows([FlowStep(0)], 1))
    assert len(by_class(tree, "sakip-fc-terminator")) == 1
    assert not by_class(tree, "sakip-fc-connector")
    assert flowchart_row_variants([FlowStep(0)], 1)[0]["11"] == flowchart_rows([FlowStep(0)], 1)[0]


def test_last_step_sending_back_is_a_decision():
    steps = [FlowStep(0), FlowStep(1), FlowStep(0, send_back=1)]
    trees = parse(flowchart_rows(steps, 2))
    assert shapes(trees, "sakip-fc-terminator") == [0]
    assert shapes(trees, "sakip-fc-decision") == [2]


@pytest.mark.parametrize(
    ("steps", "lanes", "breaks"),
    [
        ([FlowStep(2)], 2, ()),
        ([FlowStep(0), FlowStep(0, send_back=1)], 1, ()),
        ([FlowStep(0), FlowStep(0, send_back=5)], 1, ()),
        ([FlowStep(0), FlowStep(0)], 1, (1,)),
    ],
)
def test_invalid_input(steps, lanes, breaks):
    with pytest.raises(ValueError):
        flowchart_rows(steps, lanes, breaks)
