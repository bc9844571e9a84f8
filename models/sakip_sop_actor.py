# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SakipSopActor(models.Model):
    """An actor lane (Pelaksana) of an SOP sheet.

    A role, not a person: e.g. "Head of office" or "Planning team".
    """

    _name = "sakip.sop.actor"
    _inherit = ["sakip.workflow.owned.mixin"]
    _description = "SOP Actor"
    _order = "sequence, id"
    #: Configuration only: nothing is the workflow's (sakip.workflow.owned.mixin).
    _sakip_workflow_fields = frozenset()
    _sakip_user_fields = frozenset(
        {
            "name",
            "code",
            "sequence",
            "description",
            "group_id",
            "superior_actor_id",
            "active",
            "company_id",
        }
    )

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key of the actor, unique per company (e.g. head_of_office).",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the actor's lane on the SOP sheet.",
    )
    description = fields.Text()
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Security group",
        help="Users of this group act in this lane: they receive its steps.",
    )
    superior_actor_id = fields.Many2one(
        comodel_name="sakip.sop.actor",
        string="Superior",
        ondelete="set null",
        check_company=True,
        help="The actor told when a step of this actor is overdue (e.g. the Sekretaris "
        "Dinas for the planning team).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE(code, company_id)",
            "The code of an SOP actor must be unique per company.",
        ),
    ]
