# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .sop_engine_common import CLIENT, SopEngineCase
from .sop_run_common import local


@tagged("post_install", "-at_install", "sakip")
class TestSopEngineMeeting(SopEngineCase):
    """The generic kinds on the test-only client: an order done when the run
    starts, and a meeting whose invitees and invitation the step names (the
    client adds no invitee)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        head, reviewer, writer = (cls.actors[code] for code in ("head", "reviewer", "writer"))
        cls.sop.is_current = False
        cls.meeting_sop = cls.env["sakip.sop"].create(
            {
                "number": "ENG/M",
                "name": "Engine meeting procedure",
                "code": "engine_test",
                "res_model": CLIENT,
                "company_id": cls.company.id,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Order the work",
                            "actor_id": writer.id,
                            "duration_value": 10,
                            "duration_unit": "minute",
                            "kind": "order",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Invite to the meeting",
                            "actor_id": reviewer.id,
                            "duration_value": 1,
                            "duration_unit": "hour",
                            "kind": "meeting_invite",
                            "invitee_actor_ids": [Command.set(head.ids)],
                            "invitee_group_ids": [
                                Command.set(
                                    cls.env.ref("sakip_penetapan_kinerja.group_sakip_staff").ids
                                )
                            ],
                        }
                    ),
                ],
            }
        )
        secretary = cls.env["hr.employee"].create(
            {
                "name": "Engine Secretary",
                "company_id": cls.company.id,
                "user_id": cls.users["secretary"].id,
            }
        )
        cls.company.sakip_secretary_employee_id = secretary
        cls.letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Engine invitation",
                "code": "engine_invitation",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "009",
            }
        )

    def test_order_then_meeting(self):
        head, secretary = self.users["head"], self.users["secretary"]
        run = self._run()
        self.assertEqual(run.sop_id, self.meeting_sop)
        with self.assertRaises(UserError) as caught:
            run.with_user(head).action_start()
        self.assertIn("cannot start without its order (Order the work)", str(caught.exception))
        run.with_user(head).write({"start_text": "<p>Hold the meeting.</p>"})
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(head).action_start()
        order = run.step_ids.sorted("sequence")[0]
        self.assertEqual((order.state, order.note), ("done", "Hold the meeting."))
        invite = run.current_step_id
        self.assertEqual(invite.kind, "meeting_invite")
        # The invitees: the users of the actors and groups the step names.
        partners, missing = run._sop_meeting_attendees()
        expected = head | self.users["staff"] | self.users["planner"] | self.users["planner2"]
        self.assertEqual(partners, expected.partner_id)
        self.assertFalse(missing)
        meeting = {
            "name": "Engine meeting",
            "start": local(2026, 3, 3, 9, 0),
            "stop": local(2026, 3, 3, 10, 0),
            "location": "Room 1",
        }
        # No letter type named on the step: refused, naming it; nothing created.
        with self.assertRaises(UserError) as caught:
            run.with_user(secretary)._sop_plan_meeting(**meeting)
        self.assertIn("“Invite to the meeting” names no letter type", str(caught.exception))
        self.assertFalse(run.event_id)
        invite.sop_step_id.write(
            {"letter_type_code": "engine_invitation", "addressee_text": "All staff of {office}"}
        )
        run.with_user(secretary)._sop_plan_meeting(**meeting)
        self.assertEqual(run.event_id.partner_ids, expected.partner_id | secretary.partner_id)
        letter = run.invitation_id
        self.assertEqual(letter.letter_type_id, self.letter_type)
        self.assertEqual(letter.addressee_text, "All staff of Engine Office")
        # The actors' names when the step gives no addressees.
        invite.sop_step_id.addressee_text = False
        values = run._sop_invitation_values(run.event_id, invite)
        self.assertEqual(values["addressee_text"], "Head")
