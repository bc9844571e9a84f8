# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""After the signature (issue 15): the agreement's Rencana Aksi and its
quarterly measurements, reached from the agreement; a PK Perubahan takes the
action plan over to the new version (this file loads after
sakip_pk_versions.py, whose action_revise it extends)."""

from odoo import fields, models


class SakipPkRenaksi(models.Model):
    _inherit = "sakip.pk"

    action_count = fields.Integer(string="Action plan", compute="_compute_renaksi_counts")
    measurement_count = fields.Integer(string="Measurements", compute="_compute_renaksi_counts")

    def _sakip_count_of(self, model):
        counts = dict(
            self.env[model]._read_group([("pk_id", "in", self.ids)], ["pk_id"], ["__count"])
        )
        return {pk: counts.get(pk, 0) for pk in self}

    def _compute_renaksi_counts(self):
        actions = self._sakip_count_of("sakip.pk.action")
        measurements = self._sakip_count_of("sakip.pk.measurement")
        for pk in self:
            pk.action_count = actions[pk]
            pk.measurement_count = measurements[pk]

    def action_view_actions(self):
        """Open the Rencana Aksi of the agreement."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_pk_action"
        )
        action["domain"] = [("pk_id", "=", self.id)]
        action["context"] = {
            "default_pk_id": self.id,
            "search_default_group_indicator": 1,
            "create": self.state not in ("superseded", "cancelled"),
        }
        action["name"] = self.env._("Action plan of %(agreement)s", agreement=self.display_name)
        return action

    def action_view_measurements(self):
        """Open the quarterly measurements of the agreement."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sakip_penetapan_kinerja.action_sakip_pk_measurement"
        )
        action["domain"] = [("pk_id", "=", self.id)]
        action["context"] = {"default_pk_id": self.id, "create": self.state == "signed"}
        return action

    def action_revise(self):
        """The PK Perubahan takes a copy of the action plan: each action goes
        to the new version's indicator of the same sasaran and name."""
        result = super().action_revise()
        # sudo: the whole plan goes over, whoever revises the agreement.
        revisions = self.sudo().search([("previous_id", "in", self.ids)])
        self.env["sakip.pk.action"]._sakip_copy_to_versions(self.sudo(), revisions)
        return result
