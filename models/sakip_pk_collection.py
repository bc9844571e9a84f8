# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The agreement's collection (SOP steps 2, 3 and 6): each bidang's submission
of its lines, and the collection step in progress."""

from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError


class SakipPkCollection(models.Model):
    _inherit = "sakip.pk"

    submission_ids = fields.One2many(
        comodel_name="sakip.pk.submission",
        inverse_name="pk_id",
        string="Bidang submissions",
    )
    submission_count = fields.Integer(
        string="Submissions",
        compute="_compute_submission_counts",
    )
    submission_done_count = fields.Integer(
        string="Submitted",
        compute="_compute_submission_counts",
    )
    collection_step_id = fields.Many2one(
        comodel_name="sakip.sop.run.step",
        string="Collection in progress",
        compute="_compute_collection_step_id",
        help="The collection step (step 6) of the agreement's running SOP run, while in progress.",
    )

    def _compute_submission_counts(self):
        groups = self.env["sakip.pk.submission"]._read_group(
            [("pk_id", "in", self.ids)], groupby=["pk_id", "state"], aggregates=["__count"]
        )
        totals, done = defaultdict(int), defaultdict(int)
        for pk, state, count in groups:
            totals[pk] += count
            if state == "submitted":
                done[pk] += count
        for pk in self:
            pk.submission_count = totals[pk._origin]
            pk.submission_done_count = done[pk._origin]

    def _compute_collection_step_id(self):
        steps = self.env["sakip.sop.run.step"].search(
            [
                ("run_id.res_model", "=", self._name),
                ("run_id.res_id", "in", self.ids),
                ("kind", "=", "collection"),
                ("state", "=", "in_progress"),
            ]
        )
        for pk in self:
            pk.collection_step_id = steps.filtered(lambda s, pk=pk: s.run_id.res_id == pk.id)[:1]

    def action_view_submissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_pk_submission"
        )
        action["domain"] = [("pk_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_collection_close_wizard(self):
        self.ensure_one()
        step = self.collection_step_id
        if not step:
            raise UserError(
                self.env._(
                    "%(agreement)s has no collection in progress.", agreement=self.display_name
                )
            )
        return self.env["sakip.pk.collection.close.wizard"]._open_for_step(step)
