"""The flowchart of an SOP sheet, drawn in the actor lanes of its activity table.

The usual SOP-AP layout of Indonesian government (PermenPANRB 35/2012): one
table row per step, one column (lane) per actor. Each row's lane cell holds
one SVG drawing of its part of the flowchart:

* the first and the last step are terminators (rounded boxes), every other
  step a process box in its actor's lane; a step that may send the work back
  is a decision diamond instead, with its "tidak" (no) line running up a
  channel at the side of the target step's lane to an arrow into the target;
* participant actors of a step get a dashed box in their lanes;
* a connector runs from each step to the next: down from the shape, across
  to the next step's lane, down to the bottom of the row, and continues at
  the top of the next row into an arrowhead on the next shape;
* where the table breaks to the next page, the connector (and any send-back
  channel crossing the break) ends in an off-page connector (a pentagon
  carrying the number of the step it leads to) under the last row of the page,
  and starts again from a pentagon with the same number on the next page.

Only ``line``, ``rect``, ``polygon``, ``text`` and ``g`` are used, arrowheads
are polygons: the old Qt WebKit of wkhtmltopdf draws them. Vertical lines
reaching the edges of a row end at ``0`` and ``100%``: the report stretches
each drawing to the height of its row (rows grow with their text), the shapes
keep their size. Elements carry ``class`` names (``sakip-fc-terminator``,
``-process``, ``-decision``, ``-participant``, ``-connector``, ``-arrow``,
``-offpage``, ``-channel``) so that tests can read the drawing back.
"""

from collections import namedtuple
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "MIN_HEIGHT",
    "FlowStep",
    "flowchart_row_variants",
    "flowchart_rows",
]

#: One step: ``lane`` (0-based index of its actor's lane), ``send_back``
#: (0-based index of the earlier step it may send back to, or None),
#: ``participants`` (lane indexes of the other actors involved) and ``label``
#: (the printed step number, written on the off-page connectors).
FlowStep = namedtuple("FlowStep", "lane send_back participants label", defaults=(None, (), ""))

SHAPE_W = 48  # process box and terminator
SHAPE_H = 22
DIAMOND_W = 52
DIAMOND_H = 26
TOP = 8  # top of the shapes in their row
MID = TOP + SHAPE_H // 2  # where the horizontal lines of a row run
JOG = 38  # where a connector turns towards the next step's lane
PART_W = 36  # participant box
PART_H = 14
OFF_W = 12  # off-page connector
OFF_H = 12
OFF_BOTTOM_Y = 35  # top of the pentagon under the last row of a page
OFF_TOP_Y = 1  # top of the pentagon of a channel on the first row of a page
CHANNEL_GAP = 7  # channels run this far from the lane's side, then 7 px apart
#: The smallest height of a row's drawing (the report stretches it to the row).
MIN_HEIGHT = 48
STROKE = 'stroke="#000" stroke-width="1.3"'
FONT = 'font-family="Arial, Liberation Sans, sans-serif"'


def _n(value):
    """A coordinate as written in the SVG (no trailing ``.0``)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _line(x1, y1, x2, y2, css="sakip-fc-line"):
    return f'<line class="{css}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" {STROKE}/>'


def _polygon(points, css, fill="#000"):
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return f'<polygon class="{css}" points="{pts}" fill="{fill}" {STROKE}/>'


def _text(x, y, text, size=8, anchor="middle"):
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" {FONT} '
        f'text-anchor="{anchor}">{escape(str(text))}</text>'
    )


def _arrow_down(x, y):
    """Arrowhead whose tip is at (x, y), pointing down."""
    return _polygon([(x - 4, y - 6), (x + 4, y - 6), (x, y)], "sakip-fc-arrow")


def _arrow_side(x, y, rightwards):
    """Arrowhead whose tip is at (x, y), pointing right (or left)."""
    back = x - 6 if rightwards else x + 6
    return _polygon([(back, y - 4), (back, y + 4), (x, y)], "sakip-fc-arrow")


def _offpage(x, y, label):
    """Off-page connector: a pentagon pointing down, top-left corner at x, y."""
    shape = _polygon(
        [
            (x, y),
            (x + OFF_W, y),
            (x + OFF_W, y + OFF_H * 0.6),
            (x + OFF_W / 2, y + OFF_H),
            (x, y + OFF_H * 0.6),
        ],
        "sakip-fc-offpage",
        fill="#fff",
    )
    return (
        f'<g class="sakip-fc-offpage-group" data-label={quoteattr(str(label))}>'
        f"{shape}{_text(x + OFF_W / 2, y + 7.5, label, size=7)}</g>"
    )


class _Layout:
    """Positions shared by every row of one flowchart."""

    def __init__(self, steps, lane_count, lane_width):
        self.steps = steps
        self.lane_width = lane_width
        self.width = lane_count * lane_width
        self.lane_count = lane_count
        last = len(steps) - 1
        self.decision = [step.send_back is not None for step in steps]
        self.terminator = [
            index in (0, last) and not self.decision[index] for index in range(len(steps))
        ]
        self.channels = self._channels()

    def cx(self, index):
        return self.steps[index].lane * self.lane_width + self.lane_width / 2

    def half_width(self, index):
        return (DIAMOND_W if self.decision[index] else SHAPE_W) / 2

    def bottom(self, index):
        return TOP + (DIAMOND_H - (DIAMOND_H - SHAPE_H) // 2 if self.decision[index] else SHAPE_H)

    def _channels(self):
        """Send-back channels: one per target step and side of its lane, with
        its x, its target row and its source rows."""
        groups = {}
        for index, step in enumerate(self.steps):
            target = step.send_back
            if target is None:
                continue
            if not 0 <= target < index:
                raise ValueError(f"step {index} sends back to {target}, not an earlier step")
            right = step.lane >= self.steps[target].lane
            groups.setdefault((target, right), []).append(index)
        channels = []
        per_lane_side = {}
        for (target, right), sources in sorted(groups.items()):
            lane = self.steps[target].lane
            slot = per_lane_side.get((lane, right), 0)
            per_lane_side[(lane, right)] = slot + 1
            offset = CHANNEL_GAP + CHANNEL_GAP * slot
            x = (lane + 1) * self.lane_width - offset if right else lane * self.lane_width + offset
            channels.append({"x": x, "target": target, "sources": sources, "right": right})
        return channels


def _shape(layout, index):
    cx = layout.cx(index)
    if layout.decision[index]:
        hw, top, bottom = DIAMOND_W / 2, TOP - (DIAMOND_H - SHAPE_H) / 2, layout.bottom(index)
        return _polygon(
            [(cx, top), (cx + hw, MID), (cx, bottom), (cx - hw, MID)],
            "sakip-fc-decision",
            fill="#fff",
        ) + _text(cx + 4, JOG - 1, "ya", anchor="start")
    css = "sakip-fc-terminator" if layout.terminator[index] else "sakip-fc-process"
    radius = SHAPE_H / 2 if layout.terminator[index] else 0
    return (
        f'<rect class="{css}" x="{_n(cx - SHAPE_W / 2)}" y="{TOP}" width="{SHAPE_W}" '
        f'height="{SHAPE_H}" rx="{_n(radius)}" ry="{_n(radius)}" fill="#fff" {STROKE}/>'
    )


def _participants(layout, index):
    step = layout.steps[index]
    parts = []
    for lane in sorted(set(step.participants) - {step.lane}):
        x = lane * layout.lane_width + (layout.lane_width - PART_W) / 2
        parts.append(
            f'<rect class="sakip-fc-participant" x="{_n(x)}" y="{MID - PART_H // 2}" '
            f'width="{PART_W}" height="{PART_H}" fill="#fff" stroke-dasharray="3,2" {STROKE}/>'
        )
    return parts


def _outgoing(layout, index, break_after):
    """The connector from step ``index`` down to the next row (or to an
    off-page connector when the page breaks after it)."""
    steps = layout.steps
    cx, bottom = layout.cx(index), layout.bottom(index)
    head = f'<g class="sakip-fc-connector" data-from="{index}" data-to="{index + 1}">'
    if break_after:
        return (
            head
            + _line(cx, bottom, cx, OFF_BOTTOM_Y)
            + _offpage(cx - OFF_W / 2, OFF_BOTTOM_Y, steps[index + 1].label)
            + "</g>"
        )
    nx = layout.cx(index + 1)
    if nx == cx:
        body = _line(cx, bottom, cx, "100%")
    else:
        body = _line(cx, bottom, cx, JOG) + _line(cx, JOG, nx, JOG) + _line(nx, JOG, nx, "100%")
    return head + body + "</g>"


def _incoming(layout, index, break_before):
    """The end of the connector from the previous step: from the top of the row
    (or from an off-page connector beside the shape) into an arrowhead."""
    cx = layout.cx(index)
    head = f'<g class="sakip-fc-connector-in" data-from="{index - 1}" data-to="{index}">'
    top = TOP - (DIAMOND_H - SHAPE_H) / 2 if layout.decision[index] else TOP
    if break_before:
        x = layout.steps[index].lane * layout.lane_width + 2
        edge = cx - layout.half_width(index)
        return (
            head
            + _offpage(x, MID - OFF_H / 2, layout.steps[index].label)
            + _line(x + OFF_W, MID, edge, MID)
            + _arrow_side(edge, MID, True)
            + "</g>"
        )
    return head + _line(cx, 0, cx, top) + _arrow_down(cx, top) + "</g>"


def _channel_part(layout, channel, row, break_before, break_after):
    """The part of a send-back channel in ``row``: the tidak lines leaving the
    decisions, the vertical run, the arrow into the target, off-page connectors."""
    target, sources, x = channel["target"], channel["sources"], channel["x"]
    last = max(sources)
    if not target <= row <= last:
        return ""
    label = layout.steps[target].label
    parts = []
    # vertical extent inside this row: from y_top to y_bottom
    y_top = MID if row == target else 0
    y_bottom = MID if row == last else "100%"
    if row > target and break_before:
        parts.append(_offpage(x - OFF_W / 2, OFF_TOP_Y, label))
        y_top = OFF_TOP_Y + OFF_H
    if row < last and break_after:
        parts.append(_offpage(x - OFF_W / 2, OFF_BOTTOM_Y, label))
        y_bottom = OFF_BOTTOM_Y
    parts.append(_line(x, y_top, x, y_bottom))
    if row == target:
        edge = layout.cx(target) + (
            layout.half_width(target) if channel["right"] else -layout.half_width(target)
        )
        parts.append(_line(x, MID, edge, MID))
        parts.append(_arrow_side(edge, MID, not channel["right"]))
    if row in sources:
        cx = layout.cx(row)
        towards_right = x > cx
        edge = cx + (layout.half_width(row) if towards_right else -layout.half_width(row))
        parts.append(_line(edge, MID, x, MID))
        parts.append(
            _text(
                edge + 2 if towards_right else edge - 2,
                MID - 3,
                "tidak",
                size=7,
                anchor=("start" if towards_right else "end"),
            )
        )
    return (
        f'<g class="sakip-fc-channel" data-from="{",".join(map(str, sources))}" '
        f'data-to="{target}">' + "".join(parts) + "</g>"
    )


def _row_svg(layout, index, break_before, break_after):
    count = len(layout.steps)
    parts = [
        _line(lane * layout.lane_width, 0, lane * layout.lane_width, "100%", "sakip-fc-lane")
        for lane in range(1, layout.lane_count)
    ]
    for channel in layout.channels:
        parts.append(_channel_part(layout, channel, index, break_before, break_after))
    if index > 0:
        parts.append(_incoming(layout, index, break_before))
    if index < count - 1:
        parts.append(_outgoing(layout, index, break_after))
    parts.extend(_participants(layout, index))
    parts.append(_shape(layout, index))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sakip-fc" width="{layout.width}" '
        f'height="{MIN_HEIGHT}" data-row="{index}" style="display: block;">'
        + "".join(part for part in parts if part)
        + "</svg>"
    )


def flowchart_rows(steps, lane_count, breaks=(), lane_width=100):
    """Return the SVG drawing of each row of the flowchart of ``steps``.

    :param steps: the steps in order, :class:`FlowStep` tuples
    :param lane_count: number of actor lanes (columns)
    :param breaks: indexes of the rows after which the table breaks to the next page
    :param lane_width: width of one lane in px
    :return: one SVG string per step
    :raise ValueError: a lane outside the lanes, a send-back to a step that is
        not an earlier one, a break after the last row
    """
    steps = [FlowStep(*step) for step in steps]
    breaks = frozenset(breaks)
    for index, step in enumerate(steps):
        if not 0 <= step.lane < lane_count:
            raise ValueError(f"step {index} is in lane {step.lane}, not one of {lane_count}")
    if any(not 0 <= row < len(steps) - 1 for row in breaks):
        raise ValueError("a page break must fall between two steps")
    layout = _Layout(steps, lane_count, lane_width)
    return [
        _row_svg(layout, index, index - 1 in breaks, index in breaks) for index in range(len(steps))
    ]


def flowchart_row_variants(steps, lane_count, lane_width=100):
    """Return, for each row, its drawing for each page-break situation, keyed
    ``"00"`` (no break next to it), ``"10"`` (the page breaks before it),
    ``"01"`` (after it) and ``"11"`` (both): the report prints them all and
    shows the one that matches where its table was split. A row's drawing
    depends on the breaks next to it only (off-page connectors are labelled
    with the number of the step they lead to), so four drawings cover all."""
    count = len(steps)
    inner = range(count - 1)
    variants = [{} for _step in range(count)]
    for breaks in (
        (),
        tuple(inner),
        tuple(row for row in inner if row % 2 == 0),
        tuple(row for row in inner if row % 2),
    ):
        for index, svg in enumerate(flowchart_rows(steps, lane_count, breaks, lane_width)):
            key = f"{int(index - 1 in breaks)}{int(index in breaks)}"
            variants[index].setdefault(key, svg)
    for index, row in enumerate(variants):
        # the first row has no break before it, the last none after it
        for key in ("00", "10", "01", "11"):
            fallback = f"{key[0] if index else '0'}{key[1] if index < count - 1 else '0'}"
            row.setdefault(key, row[fallback])
    return variants
