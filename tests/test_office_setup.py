# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Settings > SAKIP > Set up this office, and copying an SOP into another
office (issue 11, item 6)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..tools.worktime import indonesian_holiday_names
from .rpc_common import JsonRpcMixin

MODULE = "sakip_penetapan_kinerja"
TEMPLATE = f"{MODULE}.sop_penyusunan_pk"


def step_links(sop):
    """``{number: (actor code, participant codes, send-back number, outputs)}``
    of the steps of ``sop``: what a copy must keep, whatever the office."""
    return {
        step.sequence: (
            step.actor_id.code,
            tuple(sorted(step.participant_actor_ids.mapped("code"))),
            step.send_back_step_id.sequence,
            tuple((out.name, out.required) for out in step.output_ids),
        )
        for step in sop.step_ids
    }


class OfficeCase(TransactionCase):
    """A new office, empty, and its SAKIP administrator (not a system
    administrator) and planner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.template = cls.env.ref(TEMPLATE)
        cls.company = cls.env["res.company"].create({"name": "Dinas Kesehatan Contoh"})
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"setup.{role}",
                groups=f"{MODULE}.group_sakip_{role}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role in ("admin", "planner")
        }
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

    def _setup(self, user=None):
        return self.company.with_user(user or self.users["admin"]).action_sakip_setup_office()

    def _records(self, model):
        return (
            self.env[model]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company.id)])
        )

    def _snapshot(self):
        calendar = self.company.sakip_calendar_id
        return {
            "sops": self._records("sakip.sop"),
            "steps": self._records("sakip.sop.step"),
            "actors": self._records("sakip.sop.actor"),
            "letter_types": self._records("sakip.letter.type"),
            "calendars": self._records("resource.calendar"),
            "leaves": self.env["resource.calendar.leaves"].search(
                [("calendar_id", "=", calendar.id)]
            ),
        }


@tagged("post_install", "-at_install", "sakip")
class TestOfficeSetup(OfficeCase):
    def test_setup_gives_the_office_the_sop_letter_types_and_calendar(self):
        action = self._setup()
        sops = self._records("sakip.sop")
        # The agreement's SOP and the quarterly measurement's (issue 15).
        self.assertEqual(set(sops.mapped("code")), {self.template.code, "pengukuran_kinerja"})
        sop = sops.filtered(lambda s: s.code == self.template.code)
        self.assertEqual(len(sop), 1)
        self.assertTrue(sop.is_current)
        self.assertEqual((sop.code, sop.number), (self.template.code, self.template.number))
        self.assertFalse(sop.approver_name, "the template office's head approved the template")
        # Steps: the template's, with this office's actors and their own send-backs.
        self.assertEqual(step_links(sop), step_links(self.template))
        self.assertEqual(sop.step_ids.mapped("kind"), self.template.step_ids.mapped("kind"))
        steps = sop.step_ids
        self.assertEqual((steps.actor_id | steps.participant_actor_ids).company_id, self.company)
        self.assertEqual(steps.send_back_step_id.sop_id, sop, "send-backs stay in the copy")
        self.assertTrue(steps.send_back_step_id, "the template sends back (step 9, 11)")
        self.assertEqual(sop.norm_display, self.template.norm_display)
        # Actors: matched by code, their superiors too.
        actors = self._records("sakip.sop.actor")
        template_actors = (
            self.template.step_ids.actor_id | self.template.step_ids.participant_actor_ids
        )
        self.assertEqual(set(actors.mapped("code")), set(template_actors.mapped("code")))
        self.assertEqual(
            {a.code: (a.superior_actor_id.code, a.group_id) for a in actors},
            {a.code: (a.superior_actor_id.code, a.group_id) for a in template_actors},
        )
        self.assertEqual(actors.superior_actor_id.company_id, self.company)
        # Letter types: the shipped ones, with their patterns and their own numbers.
        shipped = self.env.ref(f"{MODULE}.letter_type_cover_letter") | self.env.ref(
            f"{MODULE}.letter_type_invitation"
        )
        types = self._records("sakip.letter.type")
        self.assertEqual(
            {(t.code, t.pattern, t.classification_code) for t in types},
            {(t.code, t.pattern, t.classification_code) for t in shipped},
        )
        self.assertEqual(types.sequence_id.company_id, self.company)
        self.assertFalse(types.sequence_id & shipped.sequence_id)
        # Calendar: Jakarta, five days of 7.5 hours, the days off of two years.
        calendar = self.company.sakip_calendar_id
        self.assertEqual((calendar.tz, calendar.company_id), ("Asia/Jakarta", self.company))
        self.assertEqual(set(calendar.attendance_ids.mapped("dayofweek")), set("01234"))
        hours = sum(a.hour_to - a.hour_from for a in calendar.attendance_ids)
        self.assertAlmostEqual(hours, 37.5)
        self.assertEqual(self.company._sakip_tz_name(), "Asia/Jakarta")
        year = self.company._sakip_today().year
        days_off = indonesian_holiday_names([year, year + 1])
        leaves = self.env["resource.calendar.leaves"].search([("calendar_id", "=", calendar.id)])
        self.assertEqual(len(leaves), len(days_off))
        self.assertIn(days_off[min(days_off)], leaves.mapped("name"))
        # What was done, said.
        params = action["params"]
        self.assertEqual((action["tag"], params["type"]), ("display_notification", "success"))
        for text in ("copied with its 14 steps", "Actors created", "Letter types created"):
            self.assertIn(text, params["message"])
        self.assertIn(calendar.name, params["message"])
        # The template is untouched.
        self.assertEqual(self.template.company_id, self.env.ref("base.main_company"))
        self.assertEqual(self.template.step_ids.actor_id.company_id, self.template.company_id)

    def test_second_click_changes_nothing(self):
        self._setup()
        before = self._snapshot()
        action = self._setup()
        self.assertEqual(self._snapshot(), before)
        params = action["params"]
        self.assertEqual(params["type"], "info")
        for text in (
            "already set up: nothing changed",
            "is already there: nothing copied",
            "already set",
            "Letter types already there",
            "Actors already there",
            "0 day(s) off added",
        ):
            self.assertIn(text, params["message"])

    def test_what_the_office_has_is_kept(self):
        """Actors and letter types of the office with the template's codes are
        used, not duplicated; its own calendar stays."""
        head = self.env["sakip.sop.actor"].create(
            {
                "name": "Kepala Dinas Kesehatan",
                "code": "kepala_dinas",
                "company_id": self.company.id,
            }
        )
        letter_type = self.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar Dinkes",
                "code": "cover_letter",
                "company_id": self.company.id,
                "pattern": "{seq}/DINKES/{year}",
            }
        )
        calendar = self.env["resource.calendar"].create(
            {"name": "Jam kerja Dinkes", "company_id": self.company.id, "tz": "Asia/Jakarta"}
        )
        self.company.sakip_calendar_id = calendar
        action = self._setup()
        sop = self._records("sakip.sop").filtered(lambda s: s.code == self.template.code)
        self.assertEqual(sop.step_ids.filtered(lambda s: s.sequence == 1).actor_id, head)
        self.assertEqual(
            self._records("sakip.sop.actor").filtered(lambda a: a.code == "kepala_dinas"), head
        )
        self.assertEqual(
            self._records("sakip.letter.type").filtered(lambda t: t.code == "cover_letter"),
            letter_type,
        )
        self.assertEqual(letter_type.pattern, "{seq}/DINKES/{year}")
        self.assertEqual(self.company.sakip_calendar_id, calendar)
        self.assertTrue(calendar.leave_ids, "the days off are loaded into the office's calendar")
        message = action["params"]["message"]
        self.assertIn("Actors already there: Kepala Dinas Kesehatan.", message)
        self.assertIn("Letter types already there: Surat Pengantar Dinkes.", message)
        self.assertIn("Working time Jam kerja Dinkes already set.", message)

    def test_only_sakip_administrators_of_the_office(self):
        with self.assertRaises(AccessError):
            self._setup(self.users["planner"])
        # An administrator elsewhere: the office must be among their companies.
        other = self.env["res.company"].create({"name": "Dinas Lain"})
        with self.assertRaises(AccessError):
            other.with_user(self.users["admin"]).action_sakip_setup_office()
        self.assertFalse(self._records("sakip.sop"))
        self.assertFalse(self._records("sakip.sop.actor"))
        self.assertFalse(self.company.sakip_calendar_id)

    def test_first_run_starts(self):
        """The office's copy runs: its head starts a run of an agreement."""
        self._setup()
        head = new_test_user(
            self.env,
            login="setup.head",
            groups=f"{MODULE}.group_sakip_head",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        employee = self.env["hr.employee"].create(
            {"name": "Kabid Kesehatan", "company_id": self.company.id}
        )
        pk = self.env["sakip.pk"].create(
            {
                "fiscal_year": 2026,
                "level": "echelon_3",
                "company_id": self.company.id,
                "first_party_id": employee.id,
            }
        )
        pk.with_user(head).action_start_sop_run()
        run = pk.sop_run_ids
        self.assertEqual(run.sop_id.code, self.template.code)
        self.assertEqual(run.sop_id.company_id, self.company)
        run.with_user(head).write({"start_text": "<p>Susun PK 2026.</p>"})
        run.with_user(head).action_start()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.current_step_id.sequence, 2)
        self.assertEqual(run.current_step_id.actor_id.company_id, self.company)


@tagged("post_install", "-at_install", "sakip")
class TestSopCopyToCompany(OfficeCase):
    def test_copy_into_another_office_remaps_actors(self):
        copy = self.template.copy({"company_id": self.company.id})
        self.assertEqual(copy.company_id, self.company)
        self.assertTrue(copy.is_current, "nothing of the procedure was in force there")
        self.assertEqual(step_links(copy), step_links(self.template))
        actors = self._records("sakip.sop.actor")
        self.assertEqual((copy.step_ids.actor_id | copy.step_ids.participant_actor_ids), actors)
        self.assertEqual(copy.step_ids.send_back_step_id.sop_id, copy)
        self.assertEqual(actors.superior_actor_id.company_id, self.company)
        # A second copy uses the office's actors, and is not in force.
        again = self.template.copy({"company_id": self.company.id})
        self.assertEqual(self._records("sakip.sop.actor"), actors)
        self.assertEqual(again.step_ids.actor_id, copy.step_ids.actor_id)
        self.assertFalse(again.is_current)

    def test_duplicate_in_its_own_office(self):
        copy = self.template.copy()
        self.assertEqual(copy.company_id, self.template.company_id)
        self.assertFalse(copy.is_current, "the template stays the one in force")
        self.assertEqual(copy.step_ids.actor_id, self.template.step_ids.actor_id)
        self.assertEqual(step_links(copy), step_links(self.template))

    def test_copy_wizard(self):
        admin = self.users["admin"]
        admin.company_ids = [Command.link(self.template.company_id.id)]
        wizard = (
            self.env["sakip.sop.copy.wizard"]
            .with_user(admin)
            .with_context(
                active_model="sakip.sop",
                active_id=self.template.id,
                allowed_company_ids=self.template.company_id.ids,
            )
            .create({"company_id": self.company.id})
        )
        self.assertEqual(wizard.sop_id, self.template)
        action = wizard.action_copy()
        copy = self.env["sakip.sop"].browse(action["res_id"])
        self.assertEqual((copy.company_id, copy.is_current), (self.company, True))
        self.assertEqual(copy.step_ids.actor_id.company_id, self.company)


@tagged("post_install", "-at_install", "sakip")
class TestOfficeSetupRpc(JsonRpcMixin, HttpCase):
    """Through JSON-RPC as a browser sends it: only a SAKIP administrator sets
    up an office, and the steps of the set-up are not callable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Dinas RPC Set-up"})
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"setup.rpc.{role}",
                groups=f"{MODULE}.group_sakip_{role}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role in ("admin", "planner", "head")
        }

    def _sops(self):
        return self.env["sakip.sop"].search([("company_id", "=", self.company.id)])

    def test_non_administrators_are_refused(self):
        for role in ("planner", "head"):
            with self.subTest(role=role):
                response = self._call_kw_as(
                    self.users[role], "res.company", "action_sakip_setup_office", [self.company.ids]
                )
                self.assertEqual(response["error"]["data"]["name"], "odoo.exceptions.AccessError")
                response = self._call_kw_as(self.users[role], "res.config.settings", "create", [{}])
                self.assertIn("error", response)
        for method in ("_sakip_setup_sop", "_sakip_setup_calendar", "_sakip_counterparts"):
            with self.subTest(method=method):
                response = self._call_kw_as(
                    self.users["admin"], "res.company", method, [self.company.ids]
                )
                self.assertIn("error", response)
        self.assertFalse(self._sops())
        self.assertFalse(self.company.sakip_calendar_id)

    def test_administrator_sets_up(self):
        response = self._call_kw_as(
            self.users["admin"], "res.company", "action_sakip_setup_office", [self.company.ids]
        )
        self.assertEqual(response["result"]["tag"], "display_notification")
        # The agreement's SOP and the quarterly measurement's (issue 15).
        self.assertEqual(len(self._sops()), 2)
        self.assertEqual(self.company.sakip_calendar_id.tz, "Asia/Jakarta")
