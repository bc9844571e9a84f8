# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

#: The kinds of step of the quarterly measurement's SOP (handled by
#: sakip.pk.measurement's table, see sakip_pk_measurement_sop_client.py).
MEASUREMENT_STEP_KINDS = [
    ("measurement_entry", "Realisation entry per bidang"),
    ("measurement_verify", "Realisation verification"),
]


class SakipSopStep(models.Model):
    """The step kinds the quarterly measurement adds to the engine's."""

    _inherit = "sakip.sop.step"

    kind = fields.Selection(
        selection_add=MEASUREMENT_STEP_KINDS,
        ondelete={kind: "set default" for kind, _label in MEASUREMENT_STEP_KINDS},
    )
