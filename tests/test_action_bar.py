# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each role is offered its next action, and only buttons it may use (issue 13):
the ``can_*`` fields behind the header buttons, per role and run state; the
views without New/Archive/Duplicate on runs; Mark Done only on one's own
activities; the bidang a user may choose; downloads instead of forms."""

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .collection_common import CollectionCase
from .sop_run_common import MODULE, create_office

ROLES = ("head", "secretary", "planner", "staff", "admin")


def header_buttons(env, model, view_ref):
    """Names of the header buttons of a form as ``env``'s user gets it."""
    arch = env[model].get_views([(env.ref(view_ref).id, "form")])["views"]["form"]["arch"]
    return {node.get("name") for node in etree.fromstring(arch).xpath("//header/button")}


@tagged("post_install", "-at_install", "sakip")
class TestActionBarRun(TransactionCase):
    """A run of the SOP: who may start it, do its current step, send it back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        office = create_office(cls.env, "Dinas Tombol", "bar")
        cls.users = office["users"]
        office["sop"].step_ids.output_ids.unlink()
        office["sop"].step_ids.filtered(lambda s: s.kind == "meeting_invite").kind = "generic"
        cls.sop_run = (
            cls.env["sakip.sop.run"]
            .with_user(cls.users["head"])
            .create({"sop_id": office["sop"].id, "company_id": office["company"].id})
        )

    def rights(self, record, fields):
        """{role: (field values...)} of ``record`` as each role reads it."""
        return {
            role: tuple(record.with_user(self.users[role])[fname] for fname in fields)
            for role in ROLES
        }

    def advance_to(self, number):
        while self.sop_run.current_step_id.sequence < number:
            self.sop_run.current_step_id.with_user(self.users["admin"]).action_done()

    def test_draft_run_only_its_first_actor_starts_it(self):
        self.assertEqual(
            self.rights(self.sop_run, ["can_start", "can_act", "is_sakip_admin"]),
            {
                "head": (True, False, False),
                "secretary": (False, False, False),
                "planner": (False, False, False),
                "staff": (False, False, False),
                "admin": (True, False, True),
            },
        )

    def test_running_steps_are_their_actors(self):
        self.sop_run.write({"start_text": "<p>Susun PK.</p>"})
        self.sop_run.with_user(self.users["head"]).action_start()
        self.advance_to(9)
        self.assertEqual(
            {role: values[0] for role, values in self.rights(self.sop_run, ["can_act"]).items()},
            {"head": False, "secretary": True, "planner": False, "staff": False, "admin": True},
        )
        step = self.sop_run.current_step_id
        self.assertTrue(step.with_user(self.users["secretary"]).can_act)
        self.assertFalse(step.with_user(self.users["head"]).can_act)
        # Mark Done on the step's activity: its assignee (and an administrator) only.
        secretary = self.users["secretary"]
        activity = self.sop_run.activity_ids.filtered(lambda a: a.user_id == secretary)
        self.assertTrue(activity)
        self.assertEqual(
            {
                role: activity.with_user(self.users[role]).can_write
                for role in ("secretary", "head")
            },
            {"secretary": True, "head": False},
        )
        self.assertTrue(activity.with_user(self.users["admin"]).can_write)
        self.advance_to(11)
        self.assertEqual(
            {role: values[0] for role, values in self.rights(self.sop_run, ["can_act"]).items()},
            {"head": True, "secretary": False, "planner": False, "staff": False, "admin": True},
        )

    def test_no_new_archive_duplicate_on_runs(self):
        for role in ROLES:
            env = self.env(user=self.users[role])
            fields = env["sakip.sop.run"].fields_get(["active"])
            self.assertTrue(fields["active"]["readonly"], "Archive/Unarchive would be offered")
            views = env["sakip.sop.run"].get_views(
                [(False, "form"), (False, "list"), (False, "kanban")]
            )
            for view_type in ("form", "list", "kanban"):
                root = etree.fromstring(views["views"][view_type]["arch"])
                self.assertEqual(root.get("create"), "0", f"{role} {view_type}")
                self.assertIsNone(root.get("sample"), f"{role} {view_type}")
            form = etree.fromstring(views["views"]["form"]["arch"])
            self.assertEqual(form.get("duplicate"), "0")
            steps = env["sakip.sop.run.step"].get_views([(False, "form"), (False, "list")])
            for view_type in ("form", "list"):
                root = etree.fromstring(steps["views"][view_type]["arch"])
                self.assertEqual(root.get("create"), "0", f"{role} step {view_type}")

    def test_next_actions_stay_in_a_phone_header(self):
        """The header buttons of the user's next action carry o_sakip_thumb
        (static/src/views/form_thumb_bar.js keeps them out of the ⚙ menu)."""
        arch = self.env["sakip.sop.run"].get_views([(False, "form")])["views"]["form"]["arch"]
        thumbs = {
            node.get("name")
            for node in etree.fromstring(arch).xpath(
                "//header/button[contains(@class, 'o_sakip_thumb')]"
            )
        }
        self.assertEqual(
            thumbs,
            {
                "action_start",
                "action_plan_meeting",
                "action_step_done_wizard",
                "action_step_send_back_wizard",
            },
        )


@tagged("post_install", "-at_install", "sakip")
class TestActionBarAgreement(CollectionCase):
    """The agreement, its submissions and lines, per role, at the collection."""

    def test_agreement_header_per_role(self):
        view = f"{MODULE}.view_sakip_pk_form"
        buttons = {
            role: header_buttons(self.env(user=self.users[role]), "sakip.pk", view)
            for role in ("head", "secretary", "planner", "staff")
        }
        # Start SOP process: the Kepala's; Revise and Close collection: the planning team's.
        self.assertIn("action_start_sop_run", buttons["head"])
        self.assertNotIn("action_start_sop_run", buttons["planner"])
        for role in ("head", "secretary", "staff"):
            self.assertNotIn("action_revise", buttons[role], role)
            self.assertNotIn("action_open_collection_close_wizard", buttons[role], role)
        self.assertIn("action_revise", buttons["planner"])
        for role in ("head", "secretary", "planner", "staff"):
            self.assertIn("action_sop_step_done_wizard", buttons[role], role)

    def test_my_step_on_the_agreement(self):
        self.assertFalse(self.pk.with_user(self.users["head"]).sop_can_act)
        run = self._start()
        self.assertEqual(run.current_step_id.sequence, 2)
        self.assertEqual(
            {
                role: self.pk.with_user(self.users[role]).sop_can_act
                for role in ("head", "secretary", "planner", "staff")
            },
            {"head": False, "secretary": False, "planner": True, "staff": False},
        )
        action = self.pk.with_user(self.users["planner"]).action_sop_step_done_wizard()
        self.assertEqual(action["res_model"], "sakip.sop.run.step.wizard")

    def test_submission_rights_and_activities(self):
        self._add_indicator(self.dep_sd)
        run = self._to_collection()
        sd, smp = self._submission(run, self.dep_sd), self._submission(run, self.dep_smp)
        self.assertTrue(sd.with_user(self.staff_sd).can_submit)
        self.assertTrue(smp.with_user(self.kabid_smp).can_submit)
        self.assertFalse(smp.with_user(self.users["head"]).can_submit)
        self.assertFalse(sd.with_user(self.staff_sd).can_collect)
        self.assertTrue(sd.with_user(self.users["planner"]).can_collect)
        # Its bidang's activity: only its assignee is offered Mark Done.
        activity = smp.activity_ids.filtered(lambda a: a.user_id == self.kabid_smp)
        self.assertTrue(activity.with_user(self.kabid_smp).can_write)
        self.assertFalse(activity.with_user(self.users["planner"]).can_write)
        # The files download (an URL), they don't open the attachment's form.
        action = sd.with_user(self.staff_sd).action_download_sent_format()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/web/content/{sd.format_attachment_id.id}?download=true")

    def test_bidang_choices(self):
        line = self._add_indicator(self.dep_sd)
        self.assertEqual(line.with_user(self.staff_sd).bidang_choice_ids, self.dep_sd)
        # The form of a new programme: its choices come once the agreement is chosen.
        result = (
            self.env["sakip.pk.program"]
            .with_user(self.kabid_smp)
            .onchange(
                {"pk_id": self.pk.id, "department_id": False, "bidang_choice_ids": []},
                ["pk_id"],
                {"pk_id": {}, "department_id": {}, "bidang_choice_ids": {"fields": {}}},
            )
        )
        self.assertEqual(
            [command[:2] for command in result["value"]["bidang_choice_ids"]],
            [(4, self.dep_smp.id)],
        )
        planner_choices = line.with_user(self.users["planner"]).bidang_choice_ids
        self.assertLessEqual(self.dep_sd | self.dep_smp, planner_choices)
        field = self.env["sakip.pk.program"].fields_get(["department_id"])["department_id"]
        self.assertIn("[('id', 'in', bidang_choice_ids)]", field["domain"])


@tagged("post_install", "-at_install", "sakip")
class TestActionBarIndonesian(TransactionCase):
    """The chatter of an agreement speaks Indonesian: its creation message and
    the labels of its tracked fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["id_ID"], overwrite=True)
        cls.env = cls.env(context=dict(cls.env.context, lang="id_ID", tracking_disable=False))

    def test_created_and_tracked_in_indonesian(self):
        kabid = self.env["hr.employee"].create({"name": "Kabid Chatter"})
        pk = self.env["sakip.pk"].create(
            {"fiscal_year": 2032, "level": "echelon_3", "first_party_id": kabid.id}
        )
        self.assertIn("Perjanjian Kinerja dibuat", pk.message_ids[-1:].body)
        labels = {
            self.env["ir.model"]._get(model).name
            for model in ("sakip.pk", "sakip.sop.run", "sakip.pk.submission", "sakip.letter")
        }
        self.assertEqual(
            labels, {"Perjanjian Kinerja", "Proses SOP", "Kiriman Bidang", "Surat Keluar"}
        )
        # The changes are logged when the transaction commits (precommit).
        self.env.cr.flush()
        pk.fiscal_year = 2033
        self.env.cr.flush()
        pk.invalidate_recordset(["message_ids"])
        tracked = pk.message_ids.tracking_value_ids.field_id.mapped("field_description")
        self.assertTrue(tracked)
        self.assertIn("Tahun Anggaran", tracked)
