# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from .sakip_sop_run_step import ADMIN_GROUP

#: What the job and its digests read of the steps (:meth:`_sop_digest_row`).
DIGEST_STEP_FIELDS = [
    "company_id",
    "run_id",
    "actor_id",
    "user_ids",
    "name",
    "iteration",
    "date_deadline",
    "reminded_on",
    "escalated_on",
]


class SakipSopRunStep(models.Model):
    """Reminders before the deadline and escalation of overdue steps to the
    superior actor (scheduled action), as one digest per recipient."""

    _inherit = "sakip.sop.run.step"

    @api.model
    def _cron_sakip_remind(self):
        """Hourly: remind the assignees of the steps whose deadline comes within
        their company's lead time (in working hours), and tell the superior
        actor's users about the overdue steps: each at most once per step and
        (local) day, whatever the number of times the action runs.

        Each recipient gets one digest (:meth:`_sop_send_digests`) listing all
        their steps; the cost grows with the recipients, not with the steps.
        """
        now = fields.Datetime.now()
        # What the job reads of the steps comes with the search, and the runs'
        # names in one more query: the ORM would read both again for every
        # thousand steps (its prefetch).
        steps = self.search_fetch(
            [
                ("state", "=", "in_progress"),
                ("run_id.state", "=", "running"),
                ("date_deadline", "!=", False),
            ],
            DIGEST_STEP_FIELDS,
        )
        steps.run_id.fetch(["name", "fiscal_year"])
        to_remind = defaultdict(self.browse)  # local date -> steps
        to_escalate = defaultdict(self.browse)
        left = {}  # step -> working minutes left
        for company, company_steps in steps.grouped("company_id").items():
            today = company._sakip_date_of(now)
            overdue = company_steps.filtered(lambda s: s.date_deadline <= now)
            to_escalate[today] |= overdue.filtered(
                lambda s, today=today: s.escalated_on != today
                and s.actor_id.superior_actor_id.group_id
            )
            coming = (company_steps - overdue).filtered(
                lambda s, today=today: s.reminded_on != today
            )
            if not coming:
                continue
            calendar = company._get_sakip_calendar()
            minutes = calendar._sakip_worked_minutes_until(now, coming.mapped("date_deadline"))
            lead = company.sakip_reminder_lead_hours * 60
            due = coming.filtered(
                lambda s, minutes=minutes, lead=lead: minutes[s.date_deadline] <= lead
            )
            left.update({step: minutes[step.date_deadline] for step in due})
            to_remind[today] |= due
        reminded = self.browse().union(*to_remind.values())
        escalated = self.browse().union(*to_escalate.values())
        self._sop_send_digests(reminded, escalated, left, now)
        self._sop_mark_day("reminded_on", to_remind)
        self._sop_mark_day("escalated_on", to_escalate)

    @api.model
    def _sop_mark_day(self, fname, steps_by_day):
        """Set ``fname`` (``reminded_on`` or ``escalated_on``: the job's own
        once-a-day marks, which nothing computes from) to the local day of
        each group of ``steps_by_day``: one UPDATE per day, whatever the
        number of steps (an ORM write updates 100 rows a query)."""
        steps_by_day = {day: steps for day, steps in steps_by_day.items() if steps}
        if not steps_by_day:
            return
        self.flush_model([fname])
        for day, steps in steps_by_day.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s, write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                    SQL.identifier(self._table),
                    SQL.identifier(fname),
                    day,
                    self.env.uid,
                    self.env.cr.now(),
                    list(steps.ids),
                )
            )
        self.invalidate_model([fname, "write_uid", "write_date"])

    @api.model
    def _sop_escalation_recipients(self, steps):
        """``{step: users}``: the users of each overdue step's superior actor
        (e.g. the Sekretaris Dinas for the planning team's steps), each group
        and company read once, the administrators group once."""
        admins = self.env.ref(ADMIN_GROUP).users
        cache = {}
        result = {}
        for step in steps:
            group = step.actor_id.superior_actor_id.group_id
            key = (group, step.company_id)
            if key not in cache:
                users = group.users.filtered(
                    lambda u, company=step.company_id: u.active
                    and not u.share
                    and company in u.company_ids
                )
                cache[key] = (users - admins) or users
            result[step] = cache[key]
        return result

    @api.model
    def _sop_digest_row(self, step, tz, base_url):
        """What the digest shows of ``step``: plain values (the words are the
        template's, so that they follow the recipient's language)."""
        deadline = pytz.utc.localize(step.date_deadline).astimezone(tz)
        return {
            "run": step.run_id.display_name,
            "step": step._sop_label(),
            "actor": step.actor_id.name or "",
            "users": ", ".join(step.user_ids.mapped("name")),
            "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
            "url": f"{base_url}/odoo/sakip.sop.run/{step.run_id.id}",
            "sort": step.date_deadline,
        }

    @api.model
    def _sop_send_digests(self, reminded, escalated, left, now):
        """One notification per recipient listing the steps ``reminded`` (to
        their assignees; ``left``: working minutes left per step) and
        ``escalated`` (to the superior actor's users), rendered by the
        administrators' editable template ``mail_template_sakip_step_digest``."""
        if not reminded and not escalated:
            return
        base_url = self.get_base_url()
        tz_of = {
            company: company._get_sakip_calendar()._sakip_tz()
            for company in (reminded | escalated).company_id
        }
        digest = defaultdict(lambda: {"due": [], "overdue": []})  # user id -> rows
        for step in reminded:
            row = self._sop_digest_row(step, tz_of[step.company_id], base_url)
            minutes = left.get(step, 0)
            row["left"] = f"{minutes // 60}:{minutes % 60:02d}"
            for user in step.user_ids:
                digest[user.id]["due"].append(row)
        for step, users in self._sop_escalation_recipients(escalated).items():
            row = self._sop_digest_row(step, tz_of[step.company_id], base_url)
            minutes = int((now - step.date_deadline).total_seconds() // 60)
            row["late"] = f"{minutes // 60}:{minutes % 60:02d}"
            for user in users:
                digest[user.id]["overdue"].append(row)
        if not digest:
            return
        for rows in digest.values():
            rows["due"].sort(key=lambda r: r["sort"])
            rows["overdue"].sort(key=lambda r: r["sort"])
            rows["due_count"] = str(len(rows["due"]))
            rows["overdue_count"] = str(len(rows["overdue"]))
        # sudo: the engine renders its own template for every recipient
        # (the scheduled action may run as any user).
        template = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_step_digest").sudo()
        user_ids = list(digest)
        ctx = {"sakip_digest": dict(digest)}
        subjects = template._render_field("subject", user_ids, compute_lang=True, add_context=ctx)
        bodies = template._render_field("body_html", user_ids, compute_lang=True, add_context=ctx)
        # The emails are queued, and the queue sent once for all of them right
        # after the job (one connection to the mail server, not one a digest).
        thread = self.env["mail.thread"].with_context(mail_notify_force_send=False)
        for user in self.env["res.users"].browse(user_ids):
            thread.message_notify(
                partner_ids=user.partner_id.ids,
                subject=subjects[user.id],
                body=Markup(bodies[user.id]),  # rendered by QWeb: escaped already
                email_layout_xmlid="mail.mail_notification_layout",
            )
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
