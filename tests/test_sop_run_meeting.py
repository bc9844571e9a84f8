# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from .sop_run_common import create_office, local


@tagged("post_install", "-at_install", "sakip")
class TestSopRunMeeting(TransactionCase):
    """Steps 4-5: planning the meeting (calendar event with the Kepala Dinas
    and the echelon III and IV officials, numbered invitation), then holding it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Rapat Uji", "meeting")
        cls.company, cls.sop, cls.users = office["company"], office["sop"], office["users"]
        Employee = cls.env["hr.employee"].with_context(tracking_disable=True)

        def employee(name, eselon=None, user=None, company=cls.company):
            return Employee.create(
                {
                    "name": name,
                    "company_id": company.id,
                    "eselon": eselon,
                    "user_id": user.id if user else False,
                }
            )

        cls.head = employee("Kepala Dinas Rapat", "II.b", cls.users["head"])
        cls.secretary = employee("Sekretaris Rapat", "III.a", cls.users["secretary"])
        cls.kabid = employee("Kabid Rapat", "III.b")
        cls.kasubbag = employee("Kasubbag Rapat", "IV.a")
        cls.staff = employee("Staf Rapat", "none", cls.users["staff"])
        cls.other = employee(
            "Kabid Dinas Lain", "III.a", company=cls.env["res.company"].create({"name": "Lain"})
        )
        cls.company.write(
            {
                "sakip_head_employee_id": cls.head.id,
                "sakip_secretary_employee_id": cls.secretary.id,
            }
        )
        cls.Event = cls.env["calendar.event"]
        cls.invitation_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Undangan",
                "code": "invitation",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{month_roman}/{year}",
                "classification_code": "005",
            }
        )

    def _run_at_step_4(self):
        head, planner = self.users["head"], self.users["planner"]
        run = (
            self.env["sakip.sop.run"]
            .with_user(head)
            .create({"sop_id": self.sop.id, "company_id": self.company.id, "fiscal_year": 2026})
        )
        with freeze_time(local(2026, 3, 2, 8, 0)):
            run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
            run.with_user(head).action_start()
            for _number in (2, 3):
                run.current_step_id.with_user(planner).action_done()
        self.assertEqual(run.current_step_id.sequence, 4)
        return run

    def _uploads(self, *names):
        return (
            self.env["ir.attachment"]
            .with_user(self.users["planner"])
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(b"%PDF-1.4 test"),
                        "res_model": "sakip.sop.run.step.wizard",
                        "res_id": 0,
                    }
                    for name in names
                ]
            )
        )

    def test_plan_and_hold_the_meeting(self):
        planner = self.users["planner"]
        run = self._run_at_step_4()
        step_4 = run.current_step_id
        self.assertEqual(step_4.kind, "meeting_invite")

        # Step 4 cannot be done before the meeting is planned.
        with self.assertRaises(UserError) as caught:
            step_4.with_user(planner).action_done()
        self.assertIn("before the meeting is planned", str(caught.exception))
        self.assertEqual(step_4.state, "in_progress")

        # Only who may do step 4 may plan it.
        events = self.Event.search_count([])
        for role in ("staff", "secretary", "head", "outsider"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                run.with_user(self.users[role])._sop_plan_meeting(
                    name="Rapat",
                    start=local(2026, 3, 3, 9, 0),
                    stop=local(2026, 3, 3, 11, 0),
                    location="Aula",
                )
        with self.assertRaises(UserError):
            run.with_user(planner)._sop_plan_meeting(
                name="Rapat",
                start=local(2026, 3, 3, 11, 0),
                stop=local(2026, 3, 3, 9, 0),
                location="Aula",
            )
        # No invitation type for the office: refused, nothing created.
        self.invitation_type.active = False
        with self.assertRaises(UserError) as caught:
            run.with_user(planner)._sop_plan_meeting(
                name="Rapat",
                start=local(2026, 3, 3, 9, 0),
                stop=local(2026, 3, 3, 11, 0),
                location="Aula",
            )
        self.assertIn("invitation", str(caught.exception))
        self.invitation_type.active = True
        self.assertEqual(self.Event.search_count([]), events)
        self.assertFalse(run.event_id)
        self.assertFalse(run.invitation_id)

        # The wizard proposes the next working day, 09:00-11:00, and the attendees.
        with freeze_time(local(2026, 3, 2, 10, 0)):
            action = run.with_user(planner).action_plan_meeting()
            wizard = (
                self.env["sakip.sop.meeting.wizard"]
                .with_user(planner)
                .with_context(**action["context"])
                .create({"location": "Aula Dinas Rapat", "agenda": "Pembahasan PK 2026"})
            )
        self.assertEqual((wizard.start, wizard.stop), (local(2026, 3, 3, 9), local(2026, 3, 3, 11)))
        self.assertIn("Rapat", wizard.name)
        invited = (
            self.users["head"].partner_id
            | self.users["secretary"].partner_id
            | self.kabid.work_contact_id
            | self.kasubbag.work_contact_id
        )
        self.assertEqual(wizard.attendee_partner_ids, invited)
        with freeze_time(local(2026, 3, 2, 10, 5)):
            wizard.action_confirm()

        event = run.event_id
        self.assertTrue(event)
        self.assertEqual((event.res_model, event.res_id), ("sakip.sop.run", run.id))
        self.assertEqual(event.partner_ids, invited | planner.partner_id)
        self.assertNotIn(self.staff.work_contact_id, event.partner_ids)
        self.assertNotIn(self.other.work_contact_id, event.partner_ids)
        self.assertEqual(event.location, "Aula Dinas Rapat")
        self.assertIn("Pembahasan PK 2026", event.description)
        self.assertEqual(run.meeting_start, local(2026, 3, 3, 9, 0))
        self.assertIn("Meeting planned", run.message_ids[0].body)
        # The numbered invitation, signed by the Sekretaris, linked to the meeting.
        invitation = run.invitation_id
        self.assertEqual(invitation.letter_type_id, self.invitation_type)
        self.assertEqual(invitation.name, "005/1/III/2026")
        self.assertEqual((invitation.event_id, invitation.run_id), (event, run))
        self.assertEqual(invitation.signer_employee_id, self.secretary)
        self.assertIn("Pejabat Eselon III dan IV", invitation.addressee_text)
        self.assertTrue(invitation.subject.startswith("Undangan Rapat"))
        self.assertIn(invitation.name, run.message_ids[0].body)
        self.assertEqual(run.action_open_meeting()["res_id"], event.id)

        # Moved before the invitations go out: the same event.
        run.with_user(self.users["planner2"])._sop_plan_meeting(
            name=event.name,
            start=local(2026, 3, 4, 13, 0),
            stop=local(2026, 3, 4, 15, 0),
            location="Ruang Rapat",
        )
        self.assertEqual(run.event_id, event)
        self.assertEqual(run.invitation_id, invitation, "moved: the same invitation")
        self.assertEqual((event.start, event.location), (local(2026, 3, 4, 13, 0), "Ruang Rapat"))
        self.assertEqual(self.Event.search_count([]), events + 1)

        # The invitation goes out once the Sekretaris has signed it.
        self.assertEqual(invitation.state, "to_sign")
        self.assertTrue(
            run.message_ids.filtered(lambda m: "to be signed by Sekretaris Rapat" in m.body)
        )
        self.assertEqual(
            invitation.activity_ids.user_id, self.users["secretary"], "asked to the Sekretaris"
        )
        with self.assertRaises(UserError) as caught:
            step_4.with_user(planner).action_done()
        self.assertIn(f"{invitation.name} is signed by Sekretaris Rapat", str(caught.exception))
        self.assertEqual(step_4.state, "in_progress")
        for role in ("planner", "head", "admin"):
            with self.subTest(signer=role), self.assertRaises(AccessError):
                invitation.with_user(self.users[role]).action_sign()
        self.assertEqual(invitation.state, "to_sign")
        with freeze_time(local(2026, 3, 2, 10, 20)):
            invitation.with_user(self.users["secretary"]).action_sign()
        self.assertEqual(invitation.signed_by_id, self.users["secretary"])
        self.assertEqual(invitation.signed_at, local(2026, 3, 2, 10, 20))
        self.assertIn(invitation.record_attachment_id, step_4.attachment_ids)
        self.assertIn(b"%PDF", invitation.record_attachment_id.raw[:8])
        # Signed, the meeting it announces stays as printed.
        with self.assertRaises(UserError) as caught:
            run.with_user(planner)._sop_plan_meeting(
                name=event.name,
                start=local(2026, 3, 5, 9, 0),
                stop=local(2026, 3, 5, 11, 0),
                location="Aula",
            )
        self.assertIn("is signed", str(caught.exception))
        self.assertEqual(event.start, local(2026, 3, 4, 13, 0))

        with freeze_time(local(2026, 3, 2, 10, 30)):
            step_4.with_user(planner).action_done()
        self.assertEqual(step_4.state, "done")

        # Step 5, the meeting: planned at step 4 only.
        step_5 = run.current_step_id
        self.assertEqual((step_5.sequence, step_5.kind), (5, "meeting"))
        with self.assertRaises(UserError):
            run.with_user(planner).action_plan_meeting()
        # Not before the meeting's end, even with its minutes.
        berita_acara, notula = self._uploads("BA Rapat PK 2026.pdf", "Notulen Rapat PK 2026.pdf")
        with freeze_time(local(2026, 3, 4, 14, 0)), self.assertRaises(UserError) as caught:
            step_5.with_user(planner).action_done(
                outputs={"Berita Acara Rapat": berita_acara.id, "Notula Rapat": notula.id}
            )
        self.assertIn("before the meeting ends (", str(caught.exception))
        self.assertEqual(step_5.state, "in_progress")
        self.assertFalse(step_5.attachment_ids)
        with freeze_time(local(2026, 3, 4, 15, 30)):
            # Its named outputs are required, whatever the files attached are called.
            with self.assertRaises(UserError) as caught:
                step_5.with_user(planner).action_done(
                    attachment_ids=self._uploads("Berita Acara Notula.pdf").ids
                )
            self.assertIn("outputs: Berita Acara Rapat, Notula Rapat.", str(caught.exception))
            with self.assertRaises(UserError) as caught:
                step_5.with_user(planner).action_done(
                    outputs={"Berita Acara Rapat": berita_acara.id}
                )
            self.assertIn("outputs: Notula Rapat.", str(caught.exception))
            with self.assertRaises(UserError) as caught:
                step_5.with_user(planner).action_done(outputs={"Daftar Hadir": notula.id})
            self.assertIn("no output named Daftar Hadir", str(caught.exception))
            self.assertEqual(step_5.state, "in_progress")
            self.assertFalse(step_5.attachment_ids)

            # The Done dialog: one file field per named output.
            action = step_5.with_user(planner).action_open_done_wizard()
            Wizard = self.env[action["res_model"]].with_user(planner)
            wizard = Wizard.with_context(**action["context"]).create({})
            self.assertEqual(
                wizard.output_line_ids.mapped("name"), ["Berita Acara Rapat", "Notula Rapat"]
            )
            self.assertTrue(all(wizard.output_line_ids.mapped("required")))
            wizard.output_line_ids[0].write(
                {"file": base64.b64encode(b"%PDF-1.4 ba"), "filename": "BA Rapat.pdf"}
            )
            with self.assertRaises(UserError):
                wizard.action_confirm()
            wizard.output_line_ids[1].write(
                {"file": base64.b64encode(b"%PDF-1.4 notula"), "filename": "notulen.PDF"}
            )
            wizard.action_confirm()
        self.assertEqual(step_5.state, "done")
        self.assertEqual(
            sorted(step_5.attachment_ids.mapped("name")),
            ["Berita Acara Rapat.pdf", "Notula Rapat.PDF"],
        )
        self.assertEqual(
            sorted(slot["name"] for slot in step_5.output_slots if slot.get("attachment_id")),
            ["Berita Acara Rapat", "Notula Rapat"],
        )
        self.assertEqual(
            {att.res_model for att in step_5.attachment_ids}, {"sakip.sop.run"}, "on the run"
        )

    def test_refused_invitation(self):
        """The Sekretaris refuses: the invitation is cancelled with its number
        kept, step 4 cannot be done; planned again, a new invitation is issued."""
        planner, secretary = self.users["planner"], self.users["secretary"]
        run = self._run_at_step_4()
        meeting = {
            "name": "Rapat PK",
            "start": local(2026, 3, 3, 9, 0),
            "stop": local(2026, 3, 3, 11, 0),
            "location": "Aula",
        }
        with freeze_time(local(2026, 3, 2, 10, 0)):
            run.with_user(planner)._sop_plan_meeting(**meeting)
        first = run.invitation_id
        first.with_user(secretary)._sakip_refuse("Tanggal bertepatan dengan cuti bersama")
        self.assertRecordValues(
            first,
            [
                {
                    "name": "005/1/III/2026",
                    "state": "cancelled",
                    "cancel_reason": "Tanggal bertepatan dengan cuti bersama",
                }
            ],
        )
        step_4 = run.current_step_id
        with self.assertRaises(UserError) as caught:
            step_4.with_user(planner).action_done()
        self.assertIn("is cancelled", str(caught.exception))
        self.assertEqual(step_4.state, "in_progress")
        with freeze_time(local(2026, 3, 2, 11, 0)):
            run.with_user(planner)._sop_plan_meeting(
                **dict(meeting, start=local(2026, 3, 4, 9, 0), stop=local(2026, 3, 4, 11, 0))
            )
        second = run.invitation_id
        self.assertNotEqual(second, first)
        self.assertEqual((second.name, second.state), ("005/2/III/2026", "to_sign"))
        self.assertEqual(first.state, "cancelled")
        second.with_user(secretary).action_sign()
        step_4.with_user(planner).action_done()
        self.assertEqual(step_4.state, "done")

    def test_invitation_needs_a_sekretaris_who_can_sign(self):
        planner = self.users["planner"]
        run = self._run_at_step_4()
        meeting = {
            "name": "Rapat PK",
            "start": local(2026, 3, 3, 9, 0),
            "stop": local(2026, 3, 3, 11, 0),
            "location": "Aula",
        }
        self.secretary.user_id = False
        with self.assertRaises(UserError) as caught:
            run.with_user(planner)._sop_plan_meeting(**meeting)
        self.assertIn("Sekretaris Rapat", str(caught.exception))
        self.company.sakip_secretary_employee_id = False
        with self.assertRaises(UserError) as caught:
            run.with_user(planner)._sop_plan_meeting(**meeting)
        self.assertIn("No signer is set for the invitation", str(caught.exception))
        self.assertFalse(run.event_id)
        self.assertFalse(run.invitation_id)
