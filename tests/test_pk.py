# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

LINES_CHANGED = "Indicator and programme lines changed:"


@tagged("post_install", "-at_install", "sakip")
class TestPk(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Pendidikan Kabupaten Uji",
                "sakip_sign_city": "Purwokerto",
                "sakip_regent_name": "Sadewo Tri Lastiono",
                "sakip_regent_title": "Bupati Uji",
            }
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.Pk = cls.env["sakip.pk"]
        cls.Indicator = cls.env["sakip.pk.indicator"]
        cls.Program = cls.env["sakip.pk.program"]
        cls.bidang_sd, cls.bidang_smp = cls.env["hr.department"].create(
            [
                {"name": "Bidang SD", "company_id": cls.company.id},
                {"name": "Bidang SMP", "company_id": cls.company.id},
            ]
        )
        employees = cls.env["hr.employee"].create(
            [
                {"name": name, "job_title": job, "company_id": cls.company.id}
                for name, job in [
                    ("Joko Wiyono", "Kepala Dinas Pendidikan"),
                    ("Siti Rahayu", "Kepala Bidang SD"),
                    ("Bambang Sutrisno", "Kepala Bidang SMP"),
                    ("Dewi Lestari", "Kepala Seksi Kurikulum SD"),
                    ("Agus Salim", "Pengelola Data Pendidikan"),
                ]
            ]
        )
        cls.head, cls.kabid_sd, cls.kabid_smp, cls.kasi, cls.staff = employees
        cls.year = 2025
        cls.pk_head = cls._create_pk(
            first_party_id=cls.head.id,
            indicator_ids=[
                Command.create(
                    cls._indicator_vals(
                        name="APM SD",
                        target=95.0,
                        target_q1=90.0,
                        target_q2=92.0,
                        target_q3=94.0,
                        target_q4=95.0,
                    )
                ),
                Command.create(cls._indicator_vals(name="Sekolah terakreditasi", target=80.0)),
            ],
            program_ids=[
                Command.create({"name": "Program Pengelolaan Pendidikan", "budget": 1_000_000_000}),
                Command.create({"name": "Program Pengembangan Kurikulum", "budget": 234_567_890}),
            ],
        )
        cls.apm, cls.accredited = cls.pk_head.indicator_ids
        cls.program_1, cls.program_2 = cls.pk_head.program_ids

    @classmethod
    def _create_pk(cls, **vals):
        return cls.env["sakip.pk"].create(
            {"fiscal_year": cls.year, "company_id": cls.company.id, "level": "head", **vals}
        )

    @classmethod
    def _indicator_vals(cls, **vals):
        return {
            "objective": "Meningkatnya akses pendidikan dasar",
            "name": "APK SD",
            "uom": "%",
            "department_id": cls.bidang_sd.id,
            **vals,
        }

    def _indicator(self, pk=None, **vals):
        return self.Indicator.create(
            {"pk_id": (pk or self.pk_head).id, **self._indicator_vals(**vals)}
        )

    def _sign(self, pk):
        pk._sakip_workflow_write(
            {"state": "signed", "sign_date": fields.Date.to_date(f"{self.year}-01-31")}
        )

    @contextmanager
    def assertRefused(self, exception, message):
        """Expect ``exception`` with ``message`` in its text.

        Like Odoo's ``assertRaises`` (not ``assertRaisesRegex``), it rolls back to a
        savepoint, so the checks that follow see what the database holds.
        """
        with self.assertRaises(exception) as error:
            yield error
        self.assertIn(message, str(error.exception))

    def _flush_tracking(self):
        """Run what a commit would: the line messages are posted just before it."""
        self.env.flush_all()
        self.env.cr.flush()

    def _line_messages(self, pk):
        return pk.message_ids.filtered(lambda message: LINES_CHANGED in (message.body or ""))

    # Statement data

    def test_name_defaults_and_regent_as_second_party(self):
        pk = self.pk_head
        self.assertEqual(pk.name, "PK 2025 \N{EN DASH} Kepala Dinas Pendidikan")
        self.assertEqual(pk.display_name, pk.name)
        self.assertEqual(pk.first_party_job, "Kepala Dinas Pendidikan")
        self.assertEqual(pk.state, "draft")
        self.assertEqual(pk.revision, 0)
        self.assertFalse(pk.second_party_id)
        self.assertEqual(pk.second_party_name, "Sadewo Tri Lastiono")
        self.assertEqual(pk.second_party_title, "Bupati Uji")
        self.assertEqual((pk.indicator_count, pk.program_count), (2, 2))
        defaults = self.Pk.with_company(self.company).default_get(
            ["fiscal_year", "sign_place", "level", "state"]
        )
        self.assertEqual(
            defaults,
            {
                "fiscal_year": self.company._sakip_today().year,
                "sign_place": "Purwokerto",
                "level": "head",
                "state": "draft",
            },
        )

    def test_second_party_follows_parent(self):
        pk = self._create_pk(
            level="echelon_3", parent_id=self.pk_head.id, first_party_id=self.kabid_sd.id
        )
        self.assertEqual(pk.second_party_id, self.head)
        self.assertEqual(pk.second_party_name, "Joko Wiyono")
        self.assertEqual(pk.second_party_title, "Kepala Dinas Pendidikan")
        self.assertEqual(self.pk_head.child_ids, pk)
        self.assertEqual(self.pk_head.child_count, 1)
        # The printed name stays editable.
        pk.second_party_name = "Drs. Joko Wiyono, M.Pd."
        self.assertEqual(pk.second_party_id, self.head)
        self.assertEqual(pk.second_party_name, "Drs. Joko Wiyono, M.Pd.")

    def test_form_creates_agreement_with_lines(self):
        with Form(self.Pk.with_company(self.company)) as form:
            form.fiscal_year = self.year
            form.level = "echelon_3"
            form.parent_id = self.pk_head
            form.first_party_id = self.kabid_smp
            self.assertEqual(form.second_party_id, self.head)
            with form.indicator_ids.new() as line:
                line.objective = "Meningkatnya mutu pendidikan SMP"
                line.name = "Rata-rata nilai rapor mutu SMP"
                line.target = 70
                line.quarter_rule = "per_quarter"
                line.target_q1 = line.target_q2 = line.target_q3 = line.target_q4 = 17.5
            with form.program_ids.new() as line:
                line.name = "Program Pengelolaan Pendidikan SMP"
                line.budget = 1_001_000
            self.assertEqual(form.budget_total_words, "satu juta seribu rupiah")
        pk = form.record
        self.assertEqual(pk.name, "PK 2025 \N{EN DASH} Kepala Bidang SMP")
        self.assertEqual(pk.indicator_ids.target_display, "70")
        self.assertEqual(pk.budget_total, 1_001_000)

    # Targets

    def test_cumulative_quarters_accepted(self):
        self.assertEqual(self.apm.quarter_rule, "cumulative")
        self.assertEqual(self.apm.target_display, "95 %")
        # flat quarters are non-decreasing too
        self.apm.write({"target_q1": 95, "target_q2": 95, "target_q3": 95})
        self.assertEqual(self.apm.target_q1, 95)

    def test_per_quarter_targets_accepted(self):
        line = self._indicator(
            name="Guru tersertifikasi",
            uom="orang",
            target=120,
            quarter_rule="per_quarter",
            target_q1=20,
            target_q2=40,
            target_q3=40,
            target_q4=20,
        )
        self.assertEqual(line.target_display, "120 orang")

    def test_quarters_unchecked_without_quarterly_targets(self):
        line = self._indicator(name="Rata-rata lama sekolah", uom="tahun", target=8.45)
        self.assertEqual(line.target_display, "8.45 tahun")
        line.quarter_rule = "per_quarter"
        self.assertEqual(line.target_q4, 0)

    def test_text_targets_accepted(self):
        line = self._indicator(
            name="Predikat SAKIP",
            uom=False,
            target_kind="text",
            target_text="Predikat B",
            target_q4_text="Predikat B",
        )
        self.assertEqual(line.target_display, "Predikat B")
        self.assertEqual(line.target, 0)

    def test_negative_targets_refused(self):
        count = self.Indicator.search_count([("pk_id", "=", self.pk_head.id)])
        for fname in ("target", "target_q1"):
            with self.subTest(field=fname):
                with self.assertRefused(ValidationError, "cannot be negative"):
                    self._indicator(**{fname: -1})
                self.assertEqual(
                    self.Indicator.search_count([("pk_id", "=", self.pk_head.id)]), count
                )
                with self.assertRefused(ValidationError, "cannot be negative"):
                    self.accredited.write({fname: -5})
                self.assertEqual(self.accredited[fname], 80.0 if fname == "target" else 0)

    def test_cumulative_decreasing_refused(self):
        with self.assertRefused(ValidationError, "cannot decrease") as error:
            self.apm.write({"target_q3": 91})
        self.assertIn("APM SD", str(error.exception))
        self.assertEqual(self.apm.target_q3, 94)

    def test_cumulative_q4_must_equal_target(self):
        with self.assertRefused(ValidationError, "must equal the annual target"):
            self.apm.write({"target": 96})
        self.assertEqual(self.apm.target, 95)
        count = self.Indicator.search_count([])
        with self.assertRefused(ValidationError, "must equal the annual target"):
            self._indicator(target=50, target_q1=10, target_q2=20, target_q3=30, target_q4=40)
        self.assertEqual(self.Indicator.search_count([]), count)

    def test_per_quarter_sum_must_equal_target(self):
        with self.assertRefused(ValidationError, "add up to 100") as error:
            self._indicator(
                target=120,
                quarter_rule="per_quarter",
                target_q1=25,
                target_q2=25,
                target_q3=25,
                target_q4=25,
            )
        self.assertIn("not to the annual target (120)", str(error.exception))
        # switching the rule re-checks the quarters given
        with self.assertRefused(ValidationError, "add up to"):
            self.apm.quarter_rule = "per_quarter"
        self.assertEqual(self.apm.quarter_rule, "cumulative")

    # Budgets

    def test_budget_total_and_terbilang(self):
        pk = self.pk_head
        self.assertEqual(pk.budget_total, 1_234_567_890)
        self.assertEqual(
            pk.budget_total_words,
            "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu "
            "delapan ratus sembilan puluh rupiah",
        )
        self.program_2.budget = 1_000
        self.assertEqual(pk.budget_total_words, "satu miliar seribu rupiah")
        self.program_2.unlink()
        self.assertEqual(pk.budget_total, 1_000_000_000)
        self.assertEqual(pk.budget_total_words, "satu miliar rupiah")
        self.program_1.unlink()
        self.assertEqual(pk.budget_total_words, "nol rupiah")

    def test_negative_budget_refused(self):
        count = self.Program.search_count([])
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.Program.create({"pk_id": self.pk_head.id, "name": "Program X", "budget": -1})
        self.assertEqual(self.Program.search_count([]), count)
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.program_1.budget = -1_000
        self.assertEqual(self.program_1.budget, 1_000_000_000)
        self.assertEqual(self.pk_head.budget_total, 1_234_567_890)

    def test_budget_in_whole_rupiah(self):
        count = self.Program.search_count([])
        with self.assertRefused(ValidationError, "whole Rupiah"):
            self.Program.create({"pk_id": self.pk_head.id, "name": "Program X", "budget": 1_000.5})
        self.assertEqual(self.Program.search_count([]), count)
        with self.assertRefused(ValidationError, "whole Rupiah"):
            self.program_1.write({"budget": 999_999.25})
        self.assertEqual(self.program_1.budget, 1_000_000_000)

    # One current agreement, cascade

    def test_one_current_agreement_per_year_level_and_party(self):
        count = self.Pk.search_count([])
        with self.assertRefused(ValidationError, "already has a current") as error:
            self._create_pk(first_party_id=self.head.id)
        self.assertIn("Joko Wiyono", str(error.exception))
        self.assertEqual(self.Pk.search_count([]), count)
        # another year, another level or another company is fine
        next_year = self._create_pk(first_party_id=self.head.id, fiscal_year=self.year + 1)
        with self.assertRefused(ValidationError, "already has a current"):
            next_year.fiscal_year = self.year
        self.assertEqual(next_year.fiscal_year, self.year + 1)
        # a cancelled agreement no longer counts
        self.pk_head._sakip_workflow_write({"state": "cancelled"})
        other = self._create_pk(first_party_id=self.head.id)
        self.assertEqual(other.state, "draft")

    def test_parent_must_be_level_above(self):
        pk_kabid = self._create_pk(
            level="echelon_3", parent_id=self.pk_head.id, first_party_id=self.kabid_sd.id
        )
        count = self.Pk.search_count([])
        with self.assertRefused(ValidationError, "level directly above"):
            self._create_pk(
                level="echelon_4", parent_id=self.pk_head.id, first_party_id=self.kasi.id
            )
        with self.assertRefused(ValidationError, "level directly above"):
            self._create_pk(level="staff", parent_id=pk_kabid.id, first_party_id=self.staff.id)
        self.assertEqual(self.Pk.search_count([]), count)
        pk_kasi = self._create_pk(
            level="echelon_4", parent_id=pk_kabid.id, first_party_id=self.kasi.id
        )
        self.assertEqual(pk_kasi.second_party_id, self.kabid_sd)
        with self.assertRefused(ValidationError, "top of the cascade"):
            self._create_pk(
                level="head", parent_id=self.pk_head.id, first_party_id=self.kabid_smp.id
            )
        # changing the level of a parent must not break its cascade
        with self.assertRefused(ValidationError, "level directly above"):
            pk_kabid.level = "echelon_4"
        self.assertEqual(pk_kabid.level, "echelon_3")
        self.assertEqual(self.Pk.search_count([]), count + 1)

    def test_parent_must_be_same_year(self):
        pk_next = self._create_pk(first_party_id=self.head.id, fiscal_year=self.year + 1)
        count = self.Pk.search_count([])
        with self.assertRefused(ValidationError, "same fiscal year"):
            self._create_pk(
                level="echelon_3", parent_id=pk_next.id, first_party_id=self.kabid_sd.id
            )
        self.assertEqual(self.Pk.search_count([]), count)
        pk_kabid = self._create_pk(
            level="echelon_3", parent_id=self.pk_head.id, first_party_id=self.kabid_sd.id
        )
        with self.assertRefused(ValidationError, "same fiscal year"):
            self.pk_head.fiscal_year = self.year - 1
        self.assertEqual(self.pk_head.fiscal_year, self.year)
        self.assertEqual(pk_kabid.parent_id, self.pk_head)

    # PK Perubahan, read-only signed and superseded agreements

    def test_revise_creates_linked_draft_and_supersedes(self):
        pk = self.pk_head
        self._sign(pk)
        action = pk.action_revise()
        revision = self.Pk.browse(action["res_id"])
        self.assertEqual(pk.state, "superseded")
        self.assertEqual(revision.state, "draft")
        self.assertEqual(revision.revision, 1)
        self.assertEqual(revision.previous_id, pk)
        self.assertFalse(revision.sign_date)
        self.assertEqual(revision.display_name, f"{pk.name} (revision 1)")
        self.assertEqual(revision.indicator_ids.mapped("name"), ["APM SD", "Sekolah terakreditasi"])
        self.assertFalse(revision.indicator_ids & pk.indicator_ids)
        self.assertEqual(revision.indicator_ids[0].target_q3, 94)
        self.assertEqual(revision.budget_total, pk.budget_total)
        self.assertEqual(len(pk.indicator_ids), 2, "the signed lines stay on record")
        self.assertEqual(revision.revision_ids, pk | revision)
        self.assertEqual(pk.revision_ids, pk | revision)
        self.assertEqual(pk.revision_count, 2)
        self.assertEqual(self.Pk.search([("first_party_id", "=", self.head.id)]), pk | revision)
        # the new version is editable and can be revised in turn once signed
        revision.indicator_ids[1].target = 85
        self._sign(revision)
        second = self.Pk.browse(revision.action_revise()["res_id"])
        self.assertEqual(second.revision, 2)
        self.assertEqual(second.revision_ids, pk | revision | second)
        self.assertEqual(second.origin_id, pk)

    def test_only_signed_agreement_can_be_revised(self):
        count = self.Pk.search_count([])
        with self.assertRefused(UserError, "Only a signed"):
            self.pk_head.action_revise()
        self.assertEqual(self.Pk.search_count([]), count)
        self.assertEqual(self.pk_head.state, "draft")

    def test_signed_agreement_is_read_only(self):
        pk = self.pk_head
        self._sign(pk)
        lines = self.Indicator.search_count([("pk_id", "=", pk.id)])
        with self.assertRefused(UserError, "PK Perubahan"):
            pk.write({"sign_place": "Banyumas"})
        with self.assertRefused(UserError, "PK Perubahan"):
            pk.write({"indicator_ids": [Command.update(self.apm.id, {"target": 99})]})
        with self.assertRefused(UserError, "PK Perubahan"):
            self.apm.target = 99
        with self.assertRefused(UserError, "PK Perubahan"):
            self.program_1.budget = 1
        with self.assertRefused(UserError, "PK Perubahan"):
            self._indicator(name="Indikator baru")
        with self.assertRefused(UserError, "PK Perubahan"):
            self.accredited.unlink()
        with self.assertRefused(UserError, "PK Perubahan"):
            pk.unlink()
        with self.assertRefused(UserError, "cannot change to"):
            pk._sakip_workflow_write({"state": "draft"})
        with self.assertRefused(UserError, "cannot change to"):
            pk.write({"state": "draft"})
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.sign_place, "Purwokerto")
        self.assertEqual(self.apm.target, 95)
        self.assertEqual(self.program_1.budget, 1_000_000_000)
        self.assertEqual(self.Indicator.search_count([("pk_id", "=", pk.id)]), lines)
        # the chatter stays open
        pk.message_post(body="Dikirim ke Bappedalitbang.")

    def test_superseded_agreement_is_read_only(self):
        pk = self.pk_head
        self._sign(pk)
        pk.action_revise()
        with self.assertRefused(UserError, "superseded and can no longer be changed"):
            pk.write({"fiscal_year": self.year + 1})
        with self.assertRefused(UserError, "superseded and can no longer be changed"):
            self.apm.write({"name": "APM SD/MI"})
        with self.assertRefused(UserError, "cannot change to"):
            pk._sakip_workflow_write({"state": "signed"})
        with self.assertRefused(UserError, "cannot change to"):
            pk.with_context(sakip_pk_reinstate=True)._sakip_workflow_write({"state": "draft"})
        self.assertEqual(pk.fiscal_year, self.year)
        self.assertEqual(self.apm.name, "APM SD")
        self.assertEqual(pk.state, "superseded")

    def test_deleting_draft_revision_reinstates_previous(self):
        pk = self.pk_head
        self._sign(pk)
        revision = self.Pk.browse(pk.action_revise()["res_id"])
        revision.unlink()
        pk.invalidate_recordset()
        self.assertEqual(pk.state, "signed")
        self.assertFalse(pk.revision_ids - pk)

    # Tracking

    def test_parties_and_budget_tracked(self):
        pk = self._create_pk(
            level="echelon_3", parent_id=self.pk_head.id, first_party_id=self.kabid_sd.id
        )
        self._flush_tracking()
        pk.write({"first_party_id": self.kabid_smp.id})
        pk._sakip_workflow_write({"sign_date": "2025-02-03"})
        self._flush_tracking()
        tracked = pk.message_ids[0].tracking_value_ids.field_id.mapped("name")
        self.assertIn("first_party_id", tracked)
        self.assertIn("sign_date", tracked)
        self.program_1.budget = 900_000_000
        self._flush_tracking()
        tracked = self.pk_head.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("budget_total", tracked)

    def test_line_changes_logged_once_per_batch(self):
        pk = self.pk_head
        self._flush_tracking()
        self.assertFalse(self._line_messages(pk), "lines created with the agreement")
        (self.apm | self.accredited).write({"target": 97, "target_q4": 97})
        self.accredited.name = "Sekolah terakreditasi minimal B"
        self.program_1.budget = 1_100_000_000
        self._flush_tracking()
        messages = self._line_messages(pk)
        # one per bidang: Bidang SD's indicators, the programmes without bidang
        self.assertEqual(len(messages), 2)
        self.assertEqual(
            {message.sakip_department_id for message in messages},
            {self.bidang_sd, self.env["hr.department"]},
        )
        self.assertTrue(all(messages.mapped("sakip_line_log")))
        body = "".join(messages.mapped("body"))
        self.assertIn("APM SD: Target: 95.00 → 97.00; Q4 target: 95.00 → 97.00", body)
        self.assertIn(
            "Sekolah terakreditasi minimal B: Indicator: Sekolah terakreditasi → "
            "Sekolah terakreditasi minimal B; Target: 80.00 → 97.00; "
            "Q4 target: 0.00 → 97.00",
            body,
        )
        self.assertIn("Budget (Rp): 1,000,000,000 → 1,100,000,000", body)
        # no message when nothing logged changes
        self.apm.write({"target": 97, "sequence": 5})
        self._flush_tracking()
        self.assertEqual(len(self._line_messages(pk)), 2)

    def test_line_added_and_removed_logged(self):
        pk = self.pk_head
        self._flush_tracking()
        self._indicator(name="APK SMP", target=90)
        self.program_2.unlink()
        temporary = self._indicator(name="Sementara", target=1)
        temporary.unlink()
        self._flush_tracking()
        body = "".join(self._line_messages(pk).mapped("body"))
        self.assertIn("Added: APK SMP (target 90 %)", body)
        self.assertIn("Removed: Program Pengembangan Kurikulum (budget Rp 234,567,890)", body)
        self.assertNotIn("Sementara", body)

    def test_line_change_by_bidang_staff_logged(self):
        user = self.env["res.users"].create(
            {
                "name": "Agus Salim",
                "login": "agus.salim.pk",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(self.env.ref("sakip_penetapan_kinerja.group_sakip_staff").ids)
                ],
            }
        )
        self.staff.write({"user_id": user.id, "department_id": self.bidang_sd.id})
        self._flush_tracking()
        self.apm.with_user(user).write({"target": 96, "target_q4": 96})
        self._flush_tracking()
        message = self._line_messages(self.pk_head)
        self.assertEqual(message.author_id, user.partner_id)
        self.assertIn("APM SD: Target: 95.00 → 96.00", message.body)

    # Views and actions

    def test_views_load(self):
        for model, view_types in [
            ("sakip.pk", ["list", "form", "kanban", "search"]),
            ("sakip.pk.indicator", ["list", "form", "kanban", "pivot", "graph", "search"]),
            ("sakip.pk.program", ["list", "form", "kanban", "pivot", "graph", "search"]),
        ]:
            with self.subTest(model=model):
                views = self.env[model].get_views([(False, view_type) for view_type in view_types])
                self.assertEqual(set(views["views"]), set(view_types))

    def test_cascade_and_versions_actions(self):
        action = self.pk_head.action_view_children()
        self.assertEqual(action["domain"], [("parent_id", "=", self.pk_head.id)])
        self.assertEqual(action["context"]["default_level"], "echelon_3")
        self.assertEqual(action["context"]["default_fiscal_year"], self.year)
        self._sign(self.pk_head)
        revision = self.Pk.browse(self.pk_head.action_revise()["res_id"])
        action = revision.action_view_revisions()
        self.assertEqual(self.Pk.search(action["domain"]), self.pk_head | revision)
