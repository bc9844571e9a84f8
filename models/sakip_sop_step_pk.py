# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

#: The kinds of step of the agreement's SOP (handled by sakip.pk's table).
PK_STEP_KINDS = [
    ("collection_format", "Collection format"),
    ("collection_send", "Collection format sending"),
    ("collection", "Collection"),
    ("cover_letter", "Cover letter"),
    ("copies", "Copies"),
    ("distribution", "Distribution"),
]


class SakipSopStep(models.Model):
    """The step kinds the performance agreement adds to the engine's."""

    _inherit = "sakip.sop.step"

    kind = fields.Selection(
        selection_add=PK_STEP_KINDS,
        ondelete={kind: "set default" for kind, _label in PK_STEP_KINDS},
    )
