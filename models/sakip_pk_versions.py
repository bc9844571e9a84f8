# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Signed agreements are read-only and change through a new version, the PK
Perubahan; superseded versions stay on record as they were."""

from odoo import api, models
from odoo.exceptions import UserError

from .sakip_pk import INACTIVE_STATES

#: Status changes allowed from a locked status: any other would reopen a signed
#: agreement without a PK Perubahan.
LOCKED_TRANSITIONS = {"signed": {"signed", "superseded"}, "superseded": {"superseded"}}


class SakipPkVersions(models.Model):
    _inherit = "sakip.pk"

    def _get_fields_writable_when_locked(self):
        """Fields that may still change on a signed or superseded agreement.

        The status and what the workflow records after the signature (document
        of record, cover letter, copies, sending), and the chatter, followers
        and activities; the content of the agreement changes only through a
        new version (PK Perubahan).
        """
        return (
            {"state", "cover_letter_id", "copy_count", "distributed_at"}
            | set(self.env["sakip.verifiable.mixin"]._fields)
            | set(self.env["mail.thread"]._fields)
            | set(self.env["mail.activity.mixin"]._fields)
        )

    def _check_editable(self):
        """Raise if any agreement of ``self`` is signed or superseded."""
        locked = self.filtered("is_locked")
        if not locked:
            return
        pk = locked[0]
        raise UserError(
            self.env._(
                "%(agreement)s is %(state)s and can no longer be changed. To change a "
                "signed performance agreement, create a PK Perubahan with the button "
                "“Revise (PK Perubahan)”: it becomes the new version and the signed "
                "one stays on record.",
                agreement=pk.display_name,
                state=dict(self._fields["state"]._description_selection(self.env))[
                    pk.state
                ].lower(),
            )
        )

    def _check_state_change(self, new_state):
        """Raise if ``new_state`` would reopen a signed or superseded agreement.

        A superseded agreement may only become signed again once its revision
        no longer exists (see :meth:`unlink`).
        """
        reopened = self.filtered(
            lambda pk: new_state not in LOCKED_TRANSITIONS.get(pk.state, {new_state})
        )
        if new_state == "signed" and reopened:
            # sudo: a revision counts even if the user may not read it
            revised = self.sudo().search([("previous_id", "in", reopened.ids)]).previous_id
            reopened = reopened.filtered(lambda pk: pk.state != "superseded" or pk in revised)
        if reopened:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(agreement)s is %(state)s: its status cannot change to "
                    "“%(new_state)s”. To change a signed performance agreement, create "
                    "a PK Perubahan with the button “Revise (PK Perubahan)”.",
                    agreement=reopened[0].display_name,
                    state=states[reopened[0].state].lower(),
                    new_state=states[new_state],
                )
            )

    def write(self, vals):
        if set(vals) - self._get_fields_writable_when_locked():
            self._check_editable()
        revived = self.browse()
        if "state" in vals:
            self._check_state_change(vals["state"])
            if vals["state"] not in INACTIVE_STATES:
                revived = self.filtered(lambda pk: pk.state in INACTIVE_STATES)
        result = super().write(vals)
        # Only a status that makes an agreement current again can break the
        # one current agreement rule (the other fields are its constraint's).
        revived._check_single_current_agreement()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_editable()

    def _sakip_check_user_unlink(self):
        """Users delete only draft agreements that no SOP run has worked on
        (sakip.workflow.owned.mixin): the others are records of the workflow."""
        # sudo: a run counts even if the user may not read it.
        kept = self.sudo().filtered(lambda pk: pk.state != "draft" or pk.sop_run_ids)
        if kept:
            raise UserError(
                self.env._(
                    "%(agreement)s cannot be deleted: only a draft agreement without an "
                    "SOP run can be. Its run and its versions stay on record.",
                    agreement=kept[0].display_name,
                )
            )

    def unlink(self):
        # Deleting a draft PK Perubahan makes the version it revised current again.
        previous = self.previous_id.filtered(lambda pk: pk.state == "superseded") - self
        result = super().unlink()
        if previous:
            previous._sakip_workflow_write({"state": "signed"})
            previous._message_log_batch(
                {
                    pk.id: self.env._(
                        "The revision of this agreement was deleted: this version is "
                        "current again."
                    )
                    for pk in previous
                }
            )
        return result

    def action_revise(self):
        """Create the PK Perubahan of signed agreements.

        Each new version is a draft copy with its indicator and programme lines,
        linked to the agreement it revises, which becomes superseded.

        :return: an action opening the new version(s)
        """
        not_signed = self.filtered(lambda pk: pk.state != "signed")
        if not_signed:
            raise UserError(
                self.env._(
                    "Only a signed performance agreement can be revised; %(agreement)s "
                    "is not signed.",
                    agreement=not_signed[0].display_name,
                )
            )
        vals_list = self.copy_data()
        for pk, vals in zip(self, vals_list, strict=True):
            vals.update(revision=pk.revision + 1, previous_id=pk.id, state="draft")
        # Supersede first: only one current agreement per party and year.
        self._sakip_workflow_write({"state": "superseded"})
        revisions = self._sakip_workflow_create(vals_list)
        self._message_log_batch(
            {
                pk.id: self.env._("Superseded by %(revision)s.", revision=new._get_html_link())
                for pk, new in zip(self, revisions, strict=True)
            }
        )
        revisions._message_log_batch(
            {
                new.id: self.env._(
                    "PK Perubahan (revision %(number)s) of %(agreement)s.",
                    number=new.revision,
                    agreement=pk._get_html_link(),
                )
                for pk, new in zip(self, revisions, strict=True)
            }
        )
        return revisions._get_records_action(name=self.env._("PK Perubahan"))

    def action_view_revisions(self):
        """Open every version of the agreement."""
        self.ensure_one()
        return self.revision_ids._get_records_action(
            name=self.env._("Versions of %(agreement)s", agreement=self.origin_id.name),
            context={"create": False},
        )
