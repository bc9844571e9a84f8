# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
""" "Pekerjaan saya": the current user's open work across runs, the home of
SAKIP. One server call returns every item in a few batched reads (the
number of queries does not grow with the number of items)."""

from odoo import api, fields, models


class SakipMyWork(models.AbstractModel):
    """The current user's open work: run steps assigned to them, their
    bidang's submissions to fill and the letters they sign."""

    _name = "sakip.my.work"
    _description = "SAKIP: my work"

    @api.model
    def sakip_get_my_work(self):
        """The current user's open work items, overdue first, then by deadline.

        Each item: ``kind`` (step, submission, letter), ``kind_label``,
        ``title``, ``subtitle``, ``deadline`` (server string) and
        ``deadline_type`` (datetime or date), ``overdue``, ``late`` (how late,
        as text), ``open_model``/``open_id`` (the form a tap opens) and
        ``act_model``/``act_id``/``act_method``/``act_label`` (the action one
        tap does; no method: the form is the action).
        """
        items = self._my_steps() + self._my_submissions() + self._my_letters()
        far = "9999-12-31"
        items.sort(key=lambda item: (not item["overdue"], item["deadline"] or far, item["key"]))
        return {
            "items": items,
            "overdue_count": sum(1 for item in items if item["overdue"]),
        }

    @api.model
    def _late_minutes(self, steps, now):
        """``{step: working minutes past its deadline}`` of overdue steps,
        one calendar reading per office: late = W(first, now) - W(first, deadline)."""
        late = {}
        for company, company_steps in steps.grouped("company_id").items():
            calendar = company._get_sakip_calendar()
            first = min(company_steps.mapped("date_deadline"))
            ends = [*company_steps.mapped("date_deadline"), now]
            minutes = calendar._sakip_worked_minutes_until(first, ends)
            for step in company_steps:
                late[step] = max(minutes[now] - minutes[step.date_deadline], 0)
        return late

    @api.model
    def _my_steps(self):
        now = fields.Datetime.now()
        steps = self.env["sakip.sop.run.step"].search(
            [("state", "=", "in_progress"), ("user_ids", "in", self.env.uid)]
        )
        overdue = steps.filtered(lambda step: step.date_deadline and step.date_deadline < now)
        late = self._late_minutes(overdue, now)
        Sop = self.env["sakip.sop"]
        items = []
        for step in steps:
            run = step.run_id
            if step.kind == "signature":
                act = ("sakip.sop.run.step", step.id, "action_open_done_wizard")
                label = self.env._("Sign")
            elif step.kind == "meeting_invite" and not run.event_id:
                act = ("sakip.sop.run", run.id, "action_plan_meeting")
                label = self.env._("Plan the meeting")
            else:
                act = ("sakip.sop.run.step", step.id, "action_open_done_wizard")
                label = self.env._("Done")
            minutes = late.get(step)
            items.append(
                {
                    "key": f"step-{step.id}",
                    "kind": "step",
                    "kind_label": self.env._("SOP step"),
                    "title": step.display_name,
                    "subtitle": " · ".join(filter(None, [run.name, run.document_name])),
                    "deadline": fields.Datetime.to_string(step.date_deadline),
                    "deadline_type": "datetime",
                    "overdue": step in late,
                    "late": self.env._("%(time)s late", time=Sop._format_norm(0, minutes))
                    if minutes
                    else "",
                    "open_model": "sakip.sop.run",
                    "open_id": run.id,
                    "act_model": act[0],
                    "act_id": act[1],
                    "act_method": act[2],
                    "act_label": label,
                }
            )
        return items

    @api.model
    def _days_late(self, deadline, today):
        days = (today - deadline).days if deadline else 0
        if days <= 0:
            return ""
        if days == 1:
            return self.env._("1 day late")
        return self.env._("%(days)s days late", days=days)

    @api.model
    def _my_submissions(self):
        submissions = self.env["sakip.pk.submission"].search(
            [
                ("state", "in", ("pending", "returned")),
                ("format_sent", "=", True),
                ("user_ids", "in", self.env.uid),
            ]
        )
        today = self.env.company._sakip_today()
        return [
            {
                "key": f"submission-{submission.id}",
                "kind": "submission",
                "kind_label": self.env._("Bidang submission"),
                "title": submission.department_id.name,
                "subtitle": " · ".join(
                    filter(None, [submission.pk_id.display_name, submission.run_id.name])
                ),
                "deadline": fields.Date.to_string(submission.date_deadline),
                "deadline_type": "date",
                "overdue": bool(submission.date_deadline and submission.date_deadline < today),
                "late": self._days_late(submission.date_deadline, today),
                "open_model": "sakip.pk.submission",
                "open_id": submission.id,
                "act_model": "sakip.pk.submission",
                "act_id": submission.id,
                "act_method": False,
                "act_label": self.env._("Returned: fill in again")
                if submission.state == "returned"
                else self.env._("Fill in"),
            }
            for submission in submissions
        ]

    @api.model
    def _my_letters(self):
        letters = self.env["sakip.letter"].search(
            [("state", "=", "to_sign"), ("is_signer", "=", True)]
        )
        deadlines = {
            activity.res_id: activity.date_deadline for activity in letters._sakip_sign_activities()
        }
        today = self.env.company._sakip_today()
        items = []
        for letter in letters:
            deadline = deadlines.get(letter.id)
            items.append(
                {
                    "key": f"letter-{letter.id}",
                    "kind": "letter",
                    "kind_label": self.env._("Letter to sign"),
                    "title": letter.subject or letter.name,
                    "subtitle": " · ".join(filter(None, [letter.letter_type_id.name, letter.name])),
                    "deadline": fields.Date.to_string(deadline) if deadline else False,
                    "deadline_type": "date",
                    "overdue": bool(deadline and deadline < today),
                    "late": self._days_late(deadline, today),
                    "open_model": "sakip.letter",
                    "open_id": letter.id,
                    "act_model": "sakip.letter",
                    "act_id": letter.id,
                    "act_method": "action_open_signing_screen",
                    "act_label": self.env._("Sign"),
                }
            )
        return items
