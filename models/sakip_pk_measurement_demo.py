# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo's measured quarters (demo/sakip_measurement_demo.xml): each
quarter driven through its SOP run as the demo users, as an office would."""

import base64
import datetime

from odoo import Command, api, models

MODULE = "sakip_penetapan_kinerja"


class SakipPkMeasurement(models.Model):
    _inherit = "sakip.pk.measurement"

    @api.model
    def _sakip_demo_measure(self, pk_xmlid, quarters):
        """Measure the demo agreement ``pk_xmlid`` (signed first if it is not)
        for each quarter of ``quarters``: ``{quarter: {"lines": {indicator
        xmlid: (realisation, explanation)}, "spent": {programme xmlid:
        amount}}}``: the planner opens the quarter, each bidang enters and
        submits, the planner verifies, the Sekretaris reviews and the Kepala
        approves."""
        users = {
            role: self.env.ref(f"{MODULE}.user_{role}") for role in ("perencana", "sekdis", "kadis")
        }
        pk = self.env.ref(pk_xmlid)
        if pk.state == "draft":
            # The agreement's own SOP run is not the point of this demo.
            pk._sakip_workflow_write(
                {
                    "state": "signed",
                    "sign_date": datetime.date(pk.fiscal_year, 1, 12),
                    "signed_by_id": users["kadis"].id,
                }
            )
        done = set(self.search([("pk_id", "=", pk.id)]).mapped("quarter"))
        for quarter, values in quarters.items():
            if quarter not in done:
                self._sakip_demo_measure_quarter(pk, quarter, values, users)

    @api.model
    def _sakip_demo_measure_quarter(self, pk, quarter, values, users):
        planner = users["perencana"]
        measurement = self.with_user(planner).create({"pk_id": pk.id, "quarter": quarter})
        measurement.action_sop_open_quarter()
        indicators = {
            self.env.ref(f"{MODULE}.{xmlid}"): entry for xmlid, entry in values["lines"].items()
        }
        programmes = {
            self.env.ref(f"{MODULE}.{xmlid}"): spent for xmlid, spent in values["spent"].items()
        }
        lines_of = measurement.line_ids.grouped("department_id")
        budgets_of = measurement.budget_ids.grouped("department_id")
        for part in measurement.part_ids:
            user = part.user_ids[:1] or planner
            lines = lines_of.get(part.department_id, measurement.line_ids.browse())
            evidence = (
                self.env["ir.attachment"]
                .with_user(user)
                .create(
                    [
                        {
                            "name": f"Bukti {line.name} Tw {quarter}.pdf",
                            "datas": base64.b64encode(b"%PDF-1.4\n% bukti dukung (demo)\n"),
                            "mimetype": "application/pdf",
                        }
                        for line in lines
                    ]
                )
            )
            for line, attachment in zip(lines, evidence, strict=True):
                realisation, explanation = indicators[line.indicator_id]
                # One write per line: each has its own values, as entered.
                line.with_user(user).write(
                    {
                        "realisation": realisation,
                        "explanation": explanation or False,
                        "evidence_ids": [Command.set(attachment.ids)],
                    }
                )
            for budget in budgets_of.get(part.department_id, ()):
                budget.with_user(user).write({"spent": programmes.get(budget.program_id, 0)})
            part.with_user(user).action_submit()
        for role in ("perencana", "perencana", "sekdis", "kadis"):
            run = measurement._sop_running_run()
            step = run.step_ids.filtered(lambda s: s.state == "in_progress")
            step.with_user(users[role]).action_done()
        return measurement
