# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextvars
import functools
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime, plaintext2html

from .mail_activity import engine_subscribing
from .sakip_sop_run_step import ADMIN_GROUP

#: What a transition looks up once (see :func:`sop_transition`): the client
#: document of each run, ``("document", run id): document``, and the users of
#: an actor group in a company, ``("group", group id, company id): user ids``.
#: None outside a transition.
_LOOKED_UP = contextvars.ContextVar("sakip_sop_transition_lookups", default=None)


def sop_transition(method):
    """Decorate a transition (``action_*`` of the steps, starting steps):
    inside it, the existence of each run's document is checked once and the
    users of each actor group searched once, however many steps and hooks
    ask (see ``_sop_run_document`` and ``_sop_group_users``)."""

    @functools.wraps(method)
    def transition(self, *args, **kwargs):
        token = _LOOKED_UP.set({}) if _LOOKED_UP.get() is None else None
        try:
            return method(self, *args, **kwargs)
        finally:
            if token is not None:
                _LOOKED_UP.reset(token)

    return transition


class SakipSopRunStep(models.Model):
    """Routing: the snapshot of the definition, who is assigned, starting,
    closing and advancing the steps, their activities, the client's handlers
    and the chatter lines (one batch per transition)."""

    _inherit = "sakip.sop.run.step"

    @staticmethod
    def _sop_order_key(step):
        return (step.sequence, step.iteration, step.id)

    @api.model
    def _sop_snapshot_values(self, run, sop_step):
        """Values of the instance of ``sop_step`` in ``run``: a copy of the definition."""
        return {
            "run_id": run.id,
            "sop_step_id": sop_step.id,
            "sequence": sop_step.sequence,
            "name": sop_step.name,
            "actor_id": sop_step.actor_id.id,
            "group_id": sop_step.actor_id.group_id.id,
            "duration_value": sop_step.duration_value,
            "duration_unit": sop_step.duration_unit,
            "kind": sop_step.kind,
            "activity_type_id": sop_step.activity_type_id.id,
            "instructions": sop_step.instructions,
            "output_slots": sop_step.output_ids._sakip_slots(),
            "send_back_sequence": sop_step.send_back_step_id.sequence or 0,
            "quantity_label": sop_step.quantity_label,
        }

    def _sop_copy_values(self):
        """Values of a new instance of the same step (after a send-back): the
        instance's own copy of the definition, whatever the SOP became since."""
        self.ensure_one()
        fnames = self._sop_snapshot_values(self.run_id, self.sop_step_id).keys()
        values = self._convert_to_write({fname: self[fname] for fname in fnames})
        # The named outputs, without the files of the previous pass.
        values["output_slots"] = [
            {"name": slot["name"], "required": slot.get("required")}
            for slot in self.output_slots or []
        ]
        return values

    def _sop_default_assignees(self):
        """The active internal users of the step's group in the run's company.

        SAKIP administrators belong to every actor group (through the group
        hierarchy); they are only assigned when nobody else is, though they
        may always act.
        """
        return self._sop_group_users(self.group_id)

    def _sop_group_users(self, group):
        """The active internal users of ``group`` in the step's company, SAKIP
        administrators only when nobody else is (they belong to every group):
        one search (two when only administrators are found), once per group
        and company in a transition."""
        self.ensure_one()
        looked_up = _LOOKED_UP.get()
        key = ("group", group.id, self.company_id.id)
        if looked_up is not None and key in looked_up:
            return self.env["res.users"].browse(looked_up[key])
        users = self.env["res.users"]
        if group:
            domain = [
                ("groups_id", "in", group.ids),
                ("share", "=", False),
                ("company_ids", "in", self.company_id.ids),
            ]
            admin_id = self.env["ir.model.data"]._xmlid_to_res_id(ADMIN_GROUP)
            # sudo: the members of the actor group, whoever starts the step;
            # their partner comes with them (for the activity, log and notice).
            Users = users.sudo()
            fnames = ["partner_id", "active"]
            users = Users.search_fetch(
                [*domain, ("groups_id", "not in", [admin_id])], fnames
            ) or Users.search_fetch(domain, fnames)
            users = users.with_env(self.env)
        if looked_up is not None:
            looked_up[key] = users.ids
        return users

    def _sop_run_document(self, run):
        """The client document of ``run`` (see ``sakip.sop.run._sop_document``);
        inside a transition, looked up once (its existence checked once)."""
        looked_up = _LOOKED_UP.get()
        key = ("document", run.id)
        if looked_up is None:
            return run._sop_document()
        if key not in looked_up:
            looked_up[key] = run._sop_document()
        document = looked_up[key]
        if isinstance(document, models.BaseModel):
            return document.with_env(run.env)
        return document

    def _sop_assignees(self):
        self.ensure_one()
        document = self._sop_run_document(self.run_id)
        users = document._sop_step_assignees(self) if document else None
        if users is None:
            users = self._sop_default_assignees()
        return users

    @sop_transition
    def _sop_begin(self, now):
        """Start the steps: in progress and assigned; the deadline follows from
        the start (see :meth:`_compute_working_time`)."""
        # sudo: the engine's writes (users only read step instances).
        self.sudo()._sakip_workflow_write({"state": "in_progress", "date_start": now})
        by_assignees = defaultdict(lambda: self.browse())
        for step in self:
            by_assignees[step._sop_assignees()] |= step
        for users, steps in by_assignees.items():
            steps.sudo()._sakip_workflow_write({"user_ids": [fields.Command.set(users.ids)]})

    def _sop_close(self, state, note=None, quantity=None):
        """Close the steps as ``state`` (done, sent_back, skipped) by the current user."""
        vals = {"state": state, "date_done": fields.Datetime.now(), "done_by_id": self.env.uid}
        if quantity and state == "done":
            vals["quantity"] = quantity
        if state == "skipped":
            vals["skip_reason"] = note
        elif note:
            vals["note"] = note
        # sudo: the engine's write (users only read step instances).
        self.sudo()._sakip_workflow_write(vals)

    def _sop_advance(self):
        """``self`` just closed: start the next waiting step of each run, or finish the run.

        The steps of the runs are read at once (the run's current step is
        recomputed from them afterwards, without reading them again)."""
        now = fields.Datetime.now()
        to_start = self.browse()
        finished = self.env["sakip.sop.run"]
        for run in self.run_id:
            if any(step.state == "in_progress" for step in run.step_ids):
                continue
            waiting = run.step_ids.filtered(lambda s: s.state == "waiting")
            if waiting:
                to_start |= waiting.sorted(self._sop_order_key)[:1]
            else:
                finished |= run
        to_start._sop_begin(now)
        finished._sop_finish()
        self._sop_after_transition(to_start, finished=finished)

    def _sop_after_transition(self, started, finished=None, reason=None):
        """Route (activities), tell the documents (hooks) and log (chatter).

        ``self`` are the steps just closed, ``started`` the steps just begun,
        ``finished`` the runs just completed, ``reason`` that of a send-back.
        """
        # The partners the activities, the log and the notices use, read at
        # once: the assignees', the user's (their author) and the companies'
        # (the notices' layout).
        partners = started.user_ids.partner_id | self.env.user.partner_id
        (partners | started.company_id.partner_id).mapped("name")
        (self | started)._activity_update()
        if reason is not None:
            self._sop_call_hook("_sop_step_sent_back", reason)
        else:
            self._sop_call_hook("_sop_step_done")
        started._sop_call_hook("_sop_step_started")
        closed_of, started_of = self.grouped("run_id"), started.grouped("run_id")
        bodies = {}
        for run in (self | started).run_id:
            lines = [step._sop_close_line() for step in closed_of.get(run, ())]
            lines += [step._sop_start_line() for step in started_of.get(run, ())]
            if finished and run in finished:
                lines.append(
                    Markup("<b>%s</b>")
                    % self.env._("All steps are closed: the run is finished and archived.")
                )
            bodies[run.id] = Markup("<br/>").join(lines)
        # One note per run, logged in one batch by the current user (the
        # engine's own lines: nobody is notified of them; the assignees get
        # their own notice below).
        runs = self.env["sakip.sop.run"].browse(bodies)
        runs._message_log_batch(bodies, message_type="notification")
        started._sop_notify_assignees()

    def _sop_close_line(self):
        self.ensure_one()
        user = self.done_by_id.name
        if self.state == "sent_back":
            target = self._sop_send_back_target()
            label = self.env._(
                "“%(step)s” sent back to “%(target)s” by %(user)s",
                step=self._sop_label(),
                target=target._sop_label() if target else self.send_back_sequence,
                user=user,
            )
        elif self.state == "skipped":
            label = self.env._("“%(step)s” skipped by %(user)s", step=self._sop_label(), user=user)
        else:
            label = self.env._("“%(step)s” done by %(user)s", step=self._sop_label(), user=user)
        line = Markup("<b>%s</b>") % label
        if self.quantity_label and self.quantity:
            line += Markup("<br/>%s: %s") % (self.quantity_label, self.quantity)
        text = self.skip_reason if self.state == "skipped" else self.note
        if text:
            line += Markup("<br/>") + plaintext2html(text)
        return line

    def _sop_send_back_target(self):
        """The instance of the step a send-back returns to (its latest pass)."""
        self.ensure_one()
        if not self.send_back_sequence:
            return self.browse()
        return self.run_id.step_ids.filtered(
            lambda s: s.sequence == self.send_back_sequence
        ).sorted(self._sop_order_key)[-1:]

    def _sop_start_line(self):
        self.ensure_one()
        return self.env._(
            "“%(step)s” started: assigned to %(users)s, due %(deadline)s.",
            step=self._sop_label(),
            users=", ".join(self.user_ids.mapped("name")) or self.env._("nobody"),
            deadline=self._sop_format_deadline(),
        )

    def _sop_format_deadline(self):
        self.ensure_one()
        calendar = self.company_id._get_sakip_calendar()
        return format_datetime(
            self.env, self.date_deadline, tz=calendar._sakip_tz().zone, dt_format="short"
        )

    def _sop_deadline_date(self):
        """The deadline's date in the calendar's time zone (the activity's due date)."""
        self.ensure_one()
        calendar = self.company_id._get_sakip_calendar()
        return calendar._sakip_to_local(self.date_deadline, calendar._sakip_tz()).date()

    def _sop_notify_assignees(self):
        """One notification per started step to its assignees (not to the user
        acting), rendered by the administrators' editable template
        ``mail_template_sakip_step_assigned`` in the assignees' language."""
        if not self:
            return
        # sudo: the engine renders its own template whoever acts (a user
        # completing a step may not read mail templates).
        template = self._sop_record("sakip_penetapan_kinerja.mail_template_sakip_step_assigned")
        template = template.sudo()
        subjects = template._render_field("subject", self.ids, compute_lang=True)
        bodies = template._render_field("body_html", self.ids, compute_lang=True)
        # Every notice is written before the first is sent: sending empties the
        # caches, which would make each step read the names of all of them again.
        notices = [
            (step.run_id, (step.user_ids - self.env.user).partner_id, step.id) for step in self
        ]
        # A run has no alias of its own: replies go to its company's catchall
        # (else to the author), without searching aliases of runs. sudo: the
        # run's company, whatever the companies the user works in.
        Thread, author = self.env["mail.thread"].sudo(), self.env.user.partner_id
        reply_to = {
            company: Thread.with_company(company)._notify_get_reply_to(
                default=author.email_formatted
            )[False]
            for company in self.run_id.company_id
        }
        for run, partners, step_id in notices:
            if partners:
                # sudo: the engine's notice, by the current user (its author),
                # to the assignees. No tracking values: none to look for.
                run.sudo().message_notify(
                    partner_ids=partners.ids,
                    subject=subjects[step_id],
                    body=Markup(bodies[step_id]),  # rendered by QWeb: escaped already
                    email_layout_xmlid="mail.mail_notification_layout",
                    tracking_value_ids=[],
                    reply_to=reply_to[run.company_id],
                )

    @api.model
    def _sop_record(self, xmlid):
        """The record of ``xmlid``, without checking that it still exists
        (``env.ref`` does, with one query each time)."""
        model, res_id = self.env["ir.model.data"]._xmlid_to_res_model_res_id(
            xmlid, raise_if_not_found=True
        )
        return self.env[model].browse(res_id)

    def _sop_call_hook(self, hook, *args):
        """Call ``hook`` of each run's client document once, with its steps."""
        for run, steps in self.grouped("run_id").items():
            document = self._sop_run_document(run)
            if document:
                getattr(document, hook)(steps, *args)

    def _activity_update(self):
        """Create the activities of the steps that started, close those of the
        steps that closed: each in one batch, whatever the number of users."""
        if self.env.context.get("mail_activity_automation_skip"):
            return
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        # sudo: the activities are other users' (mail.activity rules); those of
        # the steps closed and started, read at once.
        existing = Activity.sudo().search_fetch(
            [("sakip_run_step_id", "in", self.ids)],
            ["sakip_run_step_id", "user_id", "activity_type_id"],
        )
        closed = self.filtered(lambda s: s.state != "in_progress")
        closed_ids = set(closed.ids)
        closing = existing.filtered(lambda a: a.sakip_run_step_id.id in closed_ids)
        if closing:
            kept = closing.filtered("activity_type_id.keep_done")
            # Marked done: kept as history, as Odoo does (archived on the day),
            # in one write.
            kept.write({"active": False, "date_done": fields.Datetime.now().date()})
            (closing - kept).unlink()
        started = self.filtered(lambda s: s.state == "in_progress")
        if not started:
            return
        already = {
            (activity.sakip_run_step_id.id, activity.user_id.id) for activity in existing - closing
        }
        model_id = self.env["ir.model"]._get_id("sakip.sop.run")
        todo_type = self._sop_record("mail.mail_activity_data_todo")
        vals_list = []
        for step in started:
            text = "\n\n".join(filter(None, [step.returned_reason, step.instructions]))
            note = plaintext2html(text) if text else False
            summary = step._sop_label()
            deadline = step._sop_deadline_date()
            run = step.run_id
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": run.id,
                    # The values mail.activity computes after its creation,
                    # given: no second write of the new activities.
                    "res_name": run.display_name,
                    "user_tz": user.tz,
                    "date_done": False,
                    "activity_type_id": (step.activity_type_id or todo_type).id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "automated": True,
                    "sakip_run_step_id": step.id,
                }
                for user in step.user_ids
                if (step.id, user.id) not in already
            ]
        if not vals_list:
            return
        with engine_subscribing():
            # sudo: activities are created for other users (mail.activity rules).
            Activity.sudo().create(vals_list)
        # The assignees follow their runs: one subscription per set of
        # assignees (internal users, none of them a customer).
        runs_of = defaultdict(lambda: self.env["sakip.sop.run"])
        for run, steps in started.grouped("run_id").items():
            runs_of[tuple(steps.user_ids.partner_id.ids)] |= run
        for partner_ids, runs in runs_of.items():
            if not partner_ids:
                continue
            # sudo: subscribing other users (the assignees) to the runs.
            runs.sudo()._message_subscribe(list(partner_ids), customer_ids=[])
