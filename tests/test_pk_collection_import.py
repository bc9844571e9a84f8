# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import zipfile
from io import BytesIO

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import collection_xlsx
from .collection_common import CollectionCase

INDICATORS = [
    ("Meningkatnya akses pendidikan dasar", "APM SD/MI", "%", 98.5, None, 97, 97.5, 98, 98.5),
    (None, "Angka putus sekolah SD", "%", 0.5, None, None, None, None, None),
    ("Meningkatnya mutu pendidikan", "Predikat akreditasi", "Predikat", None, "B") + (None,) * 4,
]
PROGRAMS = [
    ("Program Pengelolaan Pendidikan SD", 1_250_000_000, "APBD"),
    ("Program Pendidik dan Tenaga Kependidikan", 300_000_000, None),
]


def rezip(data, part, change):
    """Return the zip ``data`` with ``change(content)`` applied to its ``part``."""
    source = zipfile.ZipFile(BytesIO(data))
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return output.getvalue()


@tagged("post_install", "-at_install", "sakip")
class TestPkCollectionImport(CollectionCase):
    """Step 6: a bidang uploads its filled collection file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coll_run = cls._to_collection_cls()
        cls.sd = cls.coll_run.env["sakip.pk.submission"].search(
            [("run_id", "=", cls.coll_run.id), ("department_id", "=", cls.dep_sd.id)]
        )
        cls.smp = cls.coll_run.env["sakip.pk.submission"].search(
            [("run_id", "=", cls.coll_run.id), ("department_id", "=", cls.dep_smp.id)]
        )
        # A line entered in Odoo before the upload: replaced by the file's.
        cls.old_line = cls.env["sakip.pk.indicator"].create(
            {
                "pk_id": cls.pk.id,
                "department_id": cls.dep_sd.id,
                "objective": "Lama",
                "name": "Indikator lama",
                "uom": "%",
                "target": 1,
            }
        )
        cls.smp_line = cls.env["sakip.pk.indicator"].create(
            {
                "pk_id": cls.pk.id,
                "department_id": cls.dep_smp.id,
                "objective": "SMP",
                "name": "Indikator SMP",
                "uom": "%",
                "target": 2,
            }
        )

    @classmethod
    def _to_collection_cls(cls):
        head, planner = cls.users["head"], cls.users["planner"]
        cls.pk.with_user(head).action_start_sop_run()
        run = cls.pk.sop_run_ids
        run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        run.with_user(head).action_start()
        for _number in (2, 3, 4, 5):
            run.current_step_id.with_user(planner).action_done()
        return run

    def _upload(self, data, user=None, submission=None, filename="format_sd.xlsx"):
        wizard = self.env["sakip.pk.submission.upload.wizard"].with_user(user or self.staff_sd)
        wizard = wizard.create(
            {
                "submission_id": (submission or self.sd).id,
                "file": base64.b64encode(data),
                "filename": filename,
            }
        )
        wizard.action_preview()
        return wizard.action_confirm()

    def _lines(self):
        return (
            self.env["sakip.pk.indicator"].search([("pk_id", "=", self.pk.id)]),
            self.env["sakip.pk.program"].search([("pk_id", "=", self.pk.id)]),
        )

    def _format(self, submission=None):
        return (submission or self.sd).format_attachment_id.raw

    def test_upload_accepted_replaces_the_bidang_lines(self):
        self._upload(self._fill(self._format(), INDICATORS, PROGRAMS))
        self.assertEqual(self.sd.state, "submitted")
        self.assertEqual(self.sd.submitted_by_id, self.staff_sd)
        self.assertEqual(self.sd.file_attachment_id.name, "format_sd.xlsx")
        self.assertFalse(self.old_line.exists())
        self.assertTrue(self.smp_line.exists(), "the other bidang's lines stay")
        indicators = self.pk.indicator_ids.filtered(lambda line: line.department_id == self.dep_sd)
        self.assertEqual(
            indicators.mapped("name"),
            ["APM SD/MI", "Angka putus sekolah SD", "Predikat akreditasi"],
        )
        apm, dropout, accreditation = indicators
        self.assertEqual((apm.target, apm.target_q1, apm.target_q4), (98.5, 97, 98.5))
        self.assertEqual(apm.quarter_rule, "cumulative")
        self.assertEqual(dropout.objective, "Meningkatnya akses pendidikan dasar")
        self.assertEqual((accreditation.target_kind, accreditation.target_text), ("text", "B"))
        programs = self.pk.program_ids.filtered(lambda line: line.department_id == self.dep_sd)
        self.assertEqual(programs.mapped("budget"), [1_250_000_000, 300_000_000])
        self.assertEqual(self.sd.indicator_count, 3)
        self.assertEqual(self.sd.program_count, 2)
        self.assertFalse(self.sd.activity_ids)

    def _assert_refused(self, data, *expected, user=None, submission=None):
        """Upload ``data``: refused, with each of ``expected`` in the message,
        and nothing changed."""
        submission = submission or self.sd
        before = self._lines()
        before_values = [line.read(["name", "target"]) for line in before[0]]
        state = submission.state
        with self.assertRaises(UserError) as caught:
            self._upload(data, user=user, submission=submission)
        message = str(caught.exception)
        self.assertIn("nothing was changed", message)
        for text in expected:
            self.assertIn(text, message)
        self.env.invalidate_all()
        self.assertEqual(self._lines(), before)
        self.assertEqual([line.read(["name", "target"]) for line in before[0]], before_values)
        self.assertEqual(submission.state, state)
        self.assertFalse(submission.file_attachment_id)
        return message

    def test_refused_wrong_bidang(self):
        data = self._fill(self._format(self.smp), INDICATORS, PROGRAMS)
        self._assert_refused(data, "made for another bidang (SMP)", "Bidang SD")

    def test_refused_wrong_year(self):
        meta = dict(self.sd._format_meta(), fiscal_year=2025)
        data = self._fill(collection_xlsx.build_workbook(meta, [], []), INDICATORS, PROGRAMS)
        self._assert_refused(data, "fiscal year 2025, not 2026")

    def test_refused_changed_layout(self):
        def edit(workbook):
            workbook["Indikator"]["C3"] = "Nama indikator"

        data = self._fill(self._format(), INDICATORS, PROGRAMS, edit=edit)
        self._assert_refused(data, "Sheet Indikator, row 3, column C", "Nama indikator")

    def test_refused_missing_sheet(self):
        def edit(workbook):
            del workbook["Program"]

        data = self._fill(self._format(), INDICATORS, edit=edit)
        self._assert_refused(data, "“Program” is missing")

    def test_refused_text_in_a_number_cell(self):
        rows = [INDICATORS[0][:3] + ("banyak",) + INDICATORS[0][4:]]
        data = self._fill(self._format(), rows, PROGRAMS)
        self._assert_refused(data, "Sheet Indikator, row 4, column E: “banyak” is not a number")

    def test_refused_negative(self):
        programs = [("Program Pengelolaan Pendidikan SD", -5, None)]
        data = self._fill(self._format(), INDICATORS, programs)
        self._assert_refused(data, "Sheet Program, row 4, column C: -5 is negative")

    def test_refused_missing_required_cells(self):
        rows = [INDICATORS[0], ("Sasaran", None, "%", 1, None, None, None, None, None)]
        programs = [(None, 1000, "Tanpa nama")]
        data = self._fill(self._format(), rows, programs)
        self._assert_refused(
            data,
            "Sheet Indikator, row 5, column C: Indicator is required",
            "Sheet Program, row 4, column B: Programme is required",
        )

    def test_refused_formula(self):
        rows = [INDICATORS[0][:3] + ("=97+1",) + INDICATORS[0][4:]]
        data = self._fill(self._format(), rows, PROGRAMS)
        self._assert_refused(data, "Sheet Indikator, row 4, column E: a formula (=97+1)")

    def test_refused_not_xlsx(self):
        self._assert_refused(b"%PDF-1.4 not a workbook", "not an Excel workbook")

    def test_refused_oversized(self):
        data = b"\0" * (collection_xlsx.MAX_BYTES + 1)
        self._assert_refused(data, "too large")

    def test_refused_quarters_not_matching_the_target(self):
        rows = [INDICATORS[0][:5] + (10, 20, 30, 50)]
        data = self._fill(self._format(), rows, PROGRAMS)
        self._assert_refused(data, "Sheet Indikator, row 4, column J: the quarterly targets")

    def test_refused_for_another_bidang_user(self):
        data = self._fill(self._format(), INDICATORS, PROGRAMS)
        before = self._lines()
        with self.assertRaises(Exception) as caught:
            self._upload(data, user=self.kabid_smp)
        self.assertEqual(type(caught.exception).__name__, "AccessError")
        self.assertEqual(self._lines(), before)
        self.assertEqual(self.sd.state, "pending")

    def test_planner_uploads_on_behalf(self):
        data = self._fill(self._format(), INDICATORS, PROGRAMS)
        self._upload(data, user=self.users["planner"])
        self.assertEqual(self.sd.state, "submitted")
        self.assertEqual(self.sd.submitted_by_id, self.users["planner"])

    # The preview: what the file changes, replaced only when confirmed
    def _wizard(self, data, user=None):
        return (
            self.env["sakip.pk.submission.upload.wizard"]
            .with_user(user or self.staff_sd)
            .create(
                {"submission_id": self.sd.id, "file": base64.b64encode(data), "filename": "f.xlsx"}
            )
        )

    def _sd_lines(self):
        indicators, programs = self._lines()
        return (
            indicators.filtered(lambda line: line.department_id == self.dep_sd),
            programs.filtered(lambda line: line.department_id == self.dep_sd),
        )

    def test_preview_shows_added_changed_removed_and_totals(self):
        apm = self._add_indicator(self.dep_sd, name="APM SD/MI", target=90.0, note="Dapodik")
        curriculum = self.env["sakip.pk.program"].create(
            {
                "pk_id": self.pk.id,
                "department_id": self.dep_sd.id,
                "name": "Program Pengembangan Kurikulum",
                "budget": 1_254_300_000,
            }
        )
        kept = self.env["sakip.pk.program"].create(
            {
                "pk_id": self.pk.id,
                "department_id": self.dep_sd.id,
                "name": "program pendidik dan  tenaga kependidikan",  # same name, other case
                "budget": 300_000_000,
            }
        )
        before = self._sd_lines()
        wizard = self._wizard(self._fill(self._format(), INDICATORS, PROGRAMS))
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        # added: 2 indicators + 1 programme; changed: APM (90 -> 98.5); removed: the old
        # indicator and the curriculum programme; the other programme is unchanged.
        self.assertEqual(
            (wizard.added_count, wizard.changed_count, wizard.removed_count), (3, 1, 2)
        )
        self.assertEqual(wizard.budget_before, 1_554_300_000)
        self.assertEqual(wizard.budget_after, 1_550_000_000)
        html = str(wizard.preview_html)
        for text in (
            "Indicators: 2 → 3",
            "Programmes: 2 → 2",
            "Total budget: Rp 1,554,300,000 → Rp 1,550,000,000",
            "Added (3)",
            "Changed (1)",
            "Indicator “APM SD/MI”: target 90 % → 98.5 %",
            "Removed (2)",
            "Programme “Program Pengembangan Kurikulum”: Rp 1,254,300,000",
            "Indicator “Indikator lama”: target 1 %",
        ):
            self.assertIn(text, html)
        # Nothing changed yet.
        self.assertEqual(self._sd_lines(), before)
        self.assertEqual(self.sd.state, "pending")

        wizard.action_confirm()
        self.assertEqual(self.sd.state, "submitted")
        indicators, programs = self._sd_lines()
        self.assertFalse(self.old_line.exists())
        self.assertFalse(curriculum.exists())
        self.assertTrue(kept.exists(), "an unchanged line is kept as it is")
        self.assertEqual(programs.mapped("budget"), [1_250_000_000, 300_000_000])
        new_apm = indicators.filtered(lambda line: line.name == "APM SD/MI")
        self.assertFalse(apm.exists())
        self.assertEqual((new_apm.target, new_apm.note), (98.5, "Dapodik"), "notes are kept")
        # The removed lines are named in the submission's chatter.
        message = self.sd.message_ids.filtered(lambda m: "Removed (2)" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("Program Pengembangan Kurikulum", message.body)
        self.assertIn("Indikator lama", message.body)
        self.assertIn("f.xlsx", message.body)

    def test_confirm_without_preview_only_previews(self):
        before = self._sd_lines()
        wizard = self._wizard(self._fill(self._format(), INDICATORS, PROGRAMS))
        action = wizard.action_confirm()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._sd_lines(), before)
        self.assertEqual(self.sd.state, "pending")

    def test_confirm_refused_when_the_lines_changed_since_the_preview(self):
        wizard = self._wizard(self._fill(self._format(), INDICATORS, PROGRAMS))
        wizard.action_preview()
        self.old_line.target = 2
        before = self._sd_lines()
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn("changed since the preview", str(caught.exception))
        self.assertEqual(self._sd_lines(), before)
        self.assertEqual(self.sd.state, "pending")
        wizard.action_back()
        self.assertEqual(wizard.state, "upload")

    def test_format_prefilled_with_the_current_lines(self):
        action = self.sd.with_user(self.staff_sd).action_download_format()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(attachment.res_id, self.sd.id)
        self.assertNotEqual(attachment, self.sd.format_attachment_id, "the format sent is kept")
        workbook = openpyxl.load_workbook(BytesIO(attachment.raw))
        names = [row[2] for row in workbook["Indikator"].iter_rows(min_row=4, values_only=True)]
        self.assertIn("Indikator lama", names)
        self.assertNotIn("APM SD tahun lalu", names, "last year's only where there are none")
        instructions = " ".join(
            str(value)
            for row in workbook["Petunjuk"].iter_rows(values_only=True)
            for value in row
            if value
        )
        self.assertIn("saat ini tercatat pada perjanjian kinerja 2026", instructions)
        self.assertIn("baris yang dikosongkan atau dihapus dari berkas akan dihapus", instructions)
        self.assertIn("Paling banyak 2.000 baris", instructions)

    # One validator: the upload refuses what Submit refuses, with the same words
    def test_upload_and_submit_refuse_zero_budgets_alike(self):
        data = self._fill(self._format(), INDICATORS, [("Program Nol", 0, None)])
        upload = self._assert_refused(data, "Sheet Program, row 4, column C: Budget (Rp) is zero")
        self.env["sakip.pk.program"].create(
            {"pk_id": self.pk.id, "department_id": self.dep_sd.id, "name": "Program Nol"}
        )
        with self.assertRaises(UserError) as caught:
            self.sd.with_user(self.staff_sd).action_submit()
        submit = str(caught.exception)
        self.assertIn("Programme “Program Nol”: Budget (Rp) is zero", submit)
        problem = "Budget (Rp) is zero; it must be more than zero."
        self.assertIn(problem, upload)
        self.assertIn(problem, submit)

    def test_upload_and_submit_refuse_zero_targets_alike(self):
        rows = [INDICATORS[0][:3] + (0.001,) + (None,) * 5]
        upload = self._assert_refused(
            self._fill(self._format(), rows, PROGRAMS), "Sheet Indikator, row 4, column E"
        )
        self.old_line.target = 0
        with self.assertRaises(UserError) as caught:
            self.sd.with_user(self.staff_sd).action_submit()
        problem = "Target is zero; it must be more than zero."
        self.assertIn(problem, upload)
        self.assertIn(f"Indicator “Indikator lama”: {problem}", str(caught.exception))

    def test_refused_numbers_over_the_format_limits(self):
        rows = [INDICATORS[0][:3] + (1e308,) + INDICATORS[0][4:8] + (1e308,)]
        programs = [("Program besar", 10**15, None)]
        message = self._assert_refused(
            self._fill(self._format(), rows, programs),
            "Sheet Indikator, row 4, column E: 1e+308 is too large",
            "Sheet Program, row 4, column C: 1000000000000000 is too large; Budget (Rp) is at "
            "most 999,999,999,999,999",
        )
        self.assertNotIn("quarterly", message, "no quarterly rule computed on huge values")
        self.env["sakip.pk.program"].create(
            {
                "pk_id": self.pk.id,
                "department_id": self.dep_sd.id,
                "name": "Program besar",
                "budget": 10**15,
            }
        )
        with self.assertRaises(UserError) as caught:
            self.sd.with_user(self.staff_sd).action_submit()
        self.assertIn("Programme “Program besar”:", str(caught.exception))
        self.assertIn(
            "is too large; Budget (Rp) is at most 999,999,999,999,999", str(caught.exception)
        )

    def test_refused_damaged_sheet_names_the_cell(self):
        data = self._fill(self._format(), INDICATORS, PROGRAMS)
        damaged = rezip(
            data,
            "xl/worksheets/sheet2.xml",
            lambda xml: xml.replace(b"<v>98.5</v>", b"<v>abc</v>", 1),
        )
        self._assert_refused(damaged, "Sheet Indikator, row 4, column E: “abc” is not a number")
