# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import models

from ..tools.sop_flowchart import FlowStep, flowchart_row_variants

#: Width of the actor lanes on the SOP sheet, in CSS px: 100 px up to four
#: lanes, narrower beyond, never under 64 px.
LANE_WIDTH_TOTAL = 440
LANE_WIDTH_MAX = 100
LANE_WIDTH_MIN = 64


class SakipSop(models.Model):
    """The SOP sheet: its actor lanes and the flowchart drawn in them."""

    _inherit = "sakip.sop"

    def _sakip_sheet_layout(self):
        """The steps, actor lanes and flowchart of the SOP sheet, for the report:
        ``steps`` in order, ``actors`` (the lanes), ``lane_width`` (px) and
        ``flowchart``: per step its drawing for each page-break situation
        (see tools/sop_flowchart.py)."""
        self.ensure_one()
        steps = self.step_ids.sorted("sequence")
        actors = (steps.actor_id | steps.participant_actor_ids).sorted(lambda a: (a.sequence, a.id))
        lane_of = {actor.id: index for index, actor in enumerate(actors)}
        position = {step.id: index for index, step in enumerate(steps)}
        lane_width = max(
            LANE_WIDTH_MIN, min(LANE_WIDTH_MAX, LANE_WIDTH_TOTAL // max(len(actors), 1))
        )
        # a send-back to a step that is not an earlier one is not drawn
        back = [position.get(step.send_back_step_id.id, len(steps)) for step in steps]
        flow = [
            FlowStep(
                lane=lane_of.get(step.actor_id.id, 0),
                send_back=back[index] if back[index] < index else None,
                participants=tuple(lane_of[actor.id] for actor in step.participant_actor_ids),
                label=str(step.sequence),
            )
            for index, step in enumerate(steps)
        ]
        variants = flowchart_row_variants(flow, max(len(actors), 1), lane_width=lane_width)
        return {
            "steps": steps,
            "actors": actors,
            "lane_width": lane_width,
            # drawn by the addon's own code from numbers only: no user text inside
            "flowchart": [{key: Markup(svg) for key, svg in row.items()} for row in variants],
        }
