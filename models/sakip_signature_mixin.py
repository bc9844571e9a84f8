# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Documents issued in someone's name, valid once that person signs them."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .mail_activity import engine_closing_activities

#: The activity asking the signer to sign.
SIGN_ACTIVITY = "sakip_penetapan_kinerja.mail_act_sakip_letter_sign"


class SakipSignatureMixin(models.AbstractModel):
    """A document in the name of ``signer_employee_id`` (hr.employee, declared
    by the model): a signature is an act of the signer. The signer's user gets
    an activity to sign it; only that user may sign or refuse (marking the
    activity done signs, see ``mail.activity._action_done``).

    Models using it (with ``mail.activity.mixin``) declare
    ``signer_employee_id`` and record the signature in ``signed_by_id`` and
    ``signed_at``.
    """

    _name = "sakip.signature.mixin"
    _description = "Document signed by its signer"

    signed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Signed by",
        readonly=True,
        copy=False,
        tracking=True,
        help="The signer's user, who signed the document.",
    )
    signed_at = fields.Datetime(string="Signed at", readonly=True, copy=False)
    is_signer = fields.Boolean(
        string="I am the signer",
        compute="_compute_is_signer",
        search="_search_is_signer",
        help="The current user is the signer's user (Sign and Refuse are theirs).",
    )

    @api.depends("signer_employee_id")
    @api.depends_context("uid")
    def _compute_is_signer(self):
        for record in self:
            record.is_signer = record._sakip_signer_user() == self.env.user

    def _search_is_signer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the signer."))
        # sudo: the current user's employees, which users without HR rights may not search.
        employees = self.env["hr.employee"].sudo().search([("user_id", "=", self.env.uid)])
        positive = (operator == "=") == value
        return [("signer_employee_id", "in" if positive else "not in", employees.ids)]

    def _sakip_signer_user(self):
        """The signer's user (empty without signer or user)."""
        self.ensure_one()
        # sudo: the employee's user, which users without HR rights may not read.
        return self.signer_employee_id.sudo().user_id.with_env(self.env)

    @api.model
    def _sakip_check_signer_employee(self, employee, number=None):
        """Refuse a document in the name of ``employee`` (hr.employee) who
        cannot sign it: none, or without a user to receive the signing activity."""
        number = number or self.env._("the letter")
        if not employee:
            raise UserError(
                self.env._(
                    "No signer is set for %(letter)s: set the official who signs it.",
                    letter=number,
                )
            )
        # sudo: the employee's user, which users without HR rights may not read.
        if not employee.sudo().user_id:
            raise UserError(
                self.env._(
                    "%(signer)s signs %(letter)s but has no user in SAKIP: link the employee "
                    "to their user (Employees > %(signer)s > HR Settings > Related User) so that "
                    "they can sign it.",
                    signer=employee.sudo().name,
                    letter=number,
                )
            )

    def _sakip_check_is_signer(self):
        """Refuse (AccessError naming the signer) unless the current user is
        the signer of each record: nobody signs for someone else."""
        for record in self:
            self._sakip_check_signer_employee(record.signer_employee_id, record.display_name)
            if record._sakip_signer_user() != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(signer)s may sign or refuse %(letter)s: a signature is an "
                        "act of the signer.",
                        # sudo: the signer's name, as printed on the document.
                        signer=record.signer_employee_id.sudo().name,
                        letter=record.display_name,
                    )
                )

    def _sakip_sign_activities(self):
        """The open signing activities of the records (sudo: the signers' own)."""
        # sudo: the signing activities are the signers', not the current user's.
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self.env.ref(SIGN_ACTIVITY).id),
                ]
            )
        )

    def _sakip_sign_note(self):
        """What the signing activity says about the record (its note)."""
        self.ensure_one()
        return False

    def _sakip_request_signature(self):
        """Give each record's signer (their user) the activity to sign it, in
        place of any earlier one."""
        for record in self:
            self._sakip_check_signer_employee(record.signer_employee_id, record.display_name)
        self._sakip_sign_activities().unlink()
        sign_type = self.env.ref(SIGN_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        # Due today in the office (the records of one call share their office).
        today = (self[:1].company_id or self.env.company)._sakip_today()
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": sign_type.id,
                "summary": self.env._("Sign %(letter)s", letter=record.display_name),
                "note": record._sakip_sign_note(),
                "user_id": record._sakip_signer_user().id,
                "date_deadline": today,
                "automated": True,
            }
            for record in self
        ]
        # sudo: the activities are created for another user, the signer.
        self.env["mail.activity"].sudo().create(vals_list)

    def _sakip_close_sign_activities(self, feedback):
        """Mark the signing activities done (kept as history) with ``feedback``."""
        activities = self._sakip_sign_activities()
        if activities:
            # The engine closes them: this is not the signer marking them done.
            with engine_closing_activities():
                activities.action_feedback(feedback=feedback)
