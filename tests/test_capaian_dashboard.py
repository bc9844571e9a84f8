# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Seeing the results (issue 15, items 5 and 6): the "Capaian Kinerja"
dashboard as each role, each indicator's capaian so far on the agreement,
the LKjIP chapter III table, and last year's realisasi in the next year's
collection format."""

import io
from io import BytesIO

import openpyxl

from odoo import Command
from odoo.tests import tagged

from ..tools import collection_xlsx
from .access_common import MODULE, AccessCase
from .collection_common import CollectionCase

LKJIP_REPORT = f"{MODULE}.action_report_sakip_pk_lkjip_xlsx"
DASHBOARD = f"{MODULE}.action_sakip_capaian"


def signed_pk(env, year, party, indicators, budget=2_000_000):
    """A signed agreement of ``party`` with ``indicators`` (values) and one programme."""
    pk = env["sakip.pk"].create(
        {
            "fiscal_year": year,
            "level": "head",
            "first_party_id": party.id,
            "second_party_name": "Bupati",
            "indicator_ids": [
                Command.create({"objective": "Meningkatnya mutu pendidikan", "uom": "%", **vals})
                for vals in indicators
            ],
            "program_ids": [
                Command.create(
                    {
                        "name": "Program Pengelolaan Pendidikan",
                        "budget": budget,
                        "department_id": indicators[0]["department_id"],
                    }
                )
            ],
        }
    )
    pk._sakip_workflow_write({"state": "signed"})
    return pk


def measure(pk, quarter, values, approve=True, spent=None):
    """Open ``quarter`` of ``pk`` with the realisations ``{name: value}``
    (approved, as the workflow does, unless told otherwise)."""
    measurement = pk.env["sakip.pk.measurement"].create({"pk_id": pk.id, "quarter": quarter})
    for line in measurement.line_ids:
        if line.name in values:
            value = values[line.name]
            field = "realisation_text" if isinstance(value, str) else "realisation"
            line.write({field: value})
    if spent is not None:
        measurement.budget_ids.write({"spent": spent})
    if approve:
        measurement._sakip_workflow_write({"state": "approved"})
    return measurement


@tagged("post_install", "-at_install", "sakip")
class TestCapaianDashboard(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sd, smp = cls.dep_sd.id, cls.dep_smp.id
        cls.measured = signed_pk(
            cls.env,
            2034,
            cls.head_employee,
            [
                # cumulative targets: rolled up by the last quarter
                {
                    "name": "APK SD",
                    "department_id": sd,
                    "target": 100.0,
                    "target_q1": 80.0,
                    "target_q2": 90.0,
                    "target_q3": 95.0,
                    "target_q4": 100.0,
                    "renstra_target": "100",
                },
                # per quarter: the quarters add up
                {
                    "name": "Sekolah direhab",
                    "department_id": sd,
                    "quarter_rule": "per_quarter",
                    "target": 40.0,
                    "target_q1": 10.0,
                    "target_q2": 10.0,
                    "target_q3": 10.0,
                    "target_q4": 10.0,
                },
                {"name": "APK SMP", "department_id": smp, "target": 90.0},
                {
                    "name": "Predikat SAKIP",
                    "department_id": smp,
                    "target_kind": "text",
                    "target_text": "A",
                },
            ],
        )
        cls.q1 = measure(
            cls.measured,
            "1",
            {"APK SD": 60.0, "Sekolah direhab": 12.0, "APK SMP": 90.0, "Predikat SAKIP": "BB"},
            spent=500_000,
        )
        cls.q2 = measure(
            cls.measured,
            "2",
            {"APK SD": 90.0, "Sekolah direhab": 6.0, "APK SMP": 45.0},
            approve=False,
        )

    def _lines(self, user, domain=()):
        return (
            self.env["sakip.pk.measurement.line"]
            .with_user(user)
            .search([("pk_id", "=", self.measured.id), *domain])
        )

    def test_dashboard_fields_are_stored_for_grouping(self):
        Line = self.env["sakip.pk.measurement.line"]
        for fname in ("objective", "fiscal_year", "quarter", "department_id", "pk_id"):
            with self.subTest(field=fname):
                self.assertTrue(Line._fields[fname].store)
        for fname in ("objective", "fiscal_year", "quarter", "department_id"):
            self.assertTrue(Line._fields[fname].index, fname)
        line = self._lines(self.users["planner"], [("name", "=", "APK SD"), ("quarter", "=", "1")])
        self.assertEqual(line.fiscal_year, 2034)
        self.assertEqual(line.objective, "Meningkatnya mutu pendidikan")
        self.assertEqual((line.capaian, line.rating_band_id.name), (75.0, "Cukup"))
        self.assertEqual(line.rating_colour, line.rating_band_id.colour)
        self.assertTrue(line.is_behind)

    def test_dashboard_as_each_role(self):
        """A bidang sees its own lines, and the other bidang's once approved."""
        apk_smp_q2 = self._lines(
            self.users["admin"], [("name", "=", "APK SMP"), ("quarter", "=", "2")]
        )
        expected = {
            "planner": 8,
            "secretary": 8,
            "head": 8,
            "admin": 8,
            "staff": 6,  # its 4 lines, and Bidang SMP's 2 of the approved quarter
        }
        for role, count in expected.items():
            user = self.users[role]
            with self.subTest(role=role):
                lines = self._lines(user)
                self.assertEqual(len(lines), count)
                groups = (
                    self.env["sakip.pk.measurement.line"]
                    .with_user(user)
                    .read_group(
                        [("pk_id", "=", self.measured.id)],
                        ["capaian:avg"],
                        ["quarter", "department_id"],
                        lazy=False,
                    )
                )
                self.assertEqual(sum(group["__count"] for group in groups), count)
        self.assertNotIn(apk_smp_q2, self._lines(self.staff_sd))
        self.assertIn(apk_smp_q2, self._lines(self.staff_smp))
        # Filters of the dashboard: bidang, sasaran, quarter, year, behind target.
        staff = self.staff_sd
        self.assertEqual(len(self._lines(staff, [("department_id", "=", self.dep_sd.id)])), 4)
        self.assertEqual(len(self._lines(staff, [("quarter", "=", "1")])), 4)
        self.assertEqual(len(self._lines(staff, [("fiscal_year", "=", 2034)])), 6)
        objective = [("objective", "=", "Meningkatnya mutu pendidikan")]
        self.assertEqual(len(self._lines(staff, objective)), 6)
        behind = self._lines(self.users["planner"], [("is_behind", "=", True)])
        self.assertEqual(
            sorted(behind.mapped(lambda line: (line.quarter, line.name))),
            [("1", "APK SD"), ("1", "Predikat SAKIP"), ("2", "APK SMP"), ("2", "Sekolah direhab")],
        )

    def test_dashboard_action_and_views(self):
        """The menu opens the list in rating colours, behind target first."""
        action = self.env.ref(DASHBOARD)
        self.assertEqual(action.view_mode, "list,pivot,graph")
        Line = self.env["sakip.pk.measurement.line"].with_user(self.staff_sd)
        views = Line.get_views([(view.view_id.id, view.view_mode) for view in action.view_ids])
        list_arch = views["views"]["list"]["arch"]
        self.assertIn('default_order="is_behind desc, capaian', list_arch)
        self.assertIn('widget="color"', list_arch)
        self.assertIn('type="row"', views["views"]["pivot"]["arch"])
        order = "is_behind desc, capaian, fiscal_year desc, quarter, indicator_sequence"
        records = Line.web_search_read(
            [("pk_id", "=", self.measured.id), ("is_measured", "=", True)],
            {"capaian": {}, "is_behind": {}, "rating_colour": {}, "indicator_id": {}},
            order=order,
        )["records"]
        flags = [record["is_behind"] for record in records]
        self.assertEqual(flags, sorted(flags, reverse=True), "behind target first")
        self.assertTrue(all(record["rating_colour"] for record in records))
        self.assertEqual(records[0]["capaian"], min(r["capaian"] for r in records))

    def test_capaian_so_far_on_the_agreement(self):
        indicators = {i.name: i for i in self.measured.indicator_ids}
        apk = indicators["APK SD"]
        self.assertEqual(
            (apk.capaian_so_far, apk.capaian_through, apk.rating_so_far_id.name),
            (75.0, "Tw I", "Cukup"),
        )
        # Q2 is not approved yet: it does not count.
        self.assertEqual(indicators["Sekolah direhab"].capaian_so_far, 120.0)
        self.assertEqual(indicators["Predikat SAKIP"].rating_so_far_id.name, "Baik")
        self.q2._sakip_workflow_write({"state": "approved"})
        self.env.invalidate_all()
        self.assertEqual((apk.capaian_so_far, apk.capaian_through), (100.0, "Tw II"))
        # Per quarter: (12 + 6) / (10 + 10).
        self.assertEqual(indicators["Sekolah direhab"].capaian_so_far, 90.0)
        # The text grade keeps its last recorded value.
        self.assertEqual(indicators["Predikat SAKIP"].capaian_through, "Tw I")
        # Read as a bidang, on the agreement's form.
        form = self.measured.with_user(self.staff_sd).indicator_ids.read(
            ["name", "capaian_so_far", "rating_so_far_id"]
        )
        self.assertIn(("APK SD", 100.0), [(row["name"], row["capaian_so_far"]) for row in form])
        arch = self.env["sakip.pk"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="capaian_so_far"', arch)
        self.assertIn('name="rating_so_far_id"', arch)
        self.assertFalse(self.pk.indicator_ids[:1].rating_so_far_id, "nothing measured")

    def test_lkjip_table(self):
        previous = signed_pk(
            self.env,
            2033,
            self.head_employee,
            [{"name": "APK  sd", "department_id": self.dep_sd.id, "target": 95.0}],
        )
        measure(previous, "4", {"APK  sd": 85.0})
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.users["planner"])
            ._render_xlsx(LKJIP_REPORT, self.measured.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "TABEL CAPAIAN KINERJA TAHUN 2034")
        self.assertEqual(rows[3][0], "Realisasi s.d. Triwulan I")
        self.assertEqual(
            rows[5],
            (
                "No",
                "Sasaran Strategis",
                "Indikator Kinerja",
                "Satuan",
                "Target 2034",
                "Realisasi 2034",
                "Capaian (%)",
                "Predikat",
                "Realisasi 2033",
                "Target Akhir Renstra",
            ),
        )
        by_name = {row[2]: row for row in rows[6:10]}
        self.assertEqual(by_name["APK SD"][4:], (100, 60, 75, "Cukup", 85, "100"))
        self.assertEqual(by_name["Sekolah direhab"][4:7], (40, 12, 120))
        self.assertEqual(by_name["Predikat SAKIP"][4:8], ("A", "BB", 83.33, "Baik"))
        self.assertEqual(by_name["APK SMP"][8], None, "no indicator of that name last year")
        budget_header = rows.index(
            (
                "No",
                "Program",
                None,
                None,
                "Anggaran (Rp)",
                "Realisasi (Rp)",
                "Serapan (%)",
                None,
                None,
                None,
            )
        )
        self.assertEqual(
            rows[budget_header + 1][:7],
            (1, "Program Pengelolaan Pendidikan", None, None, 2_000_000, 500_000, 25),
        )

    def test_lkjip_table_is_a_print_action_of_the_agreement(self):
        report = self.env.ref(LKJIP_REPORT)
        self.assertEqual(report.binding_model_id.model, "sakip.pk")
        self.assertEqual(report.name, "Tabel Capaian LKjIP (XLSX)")


@tagged("post_install", "-at_install", "sakip")
class TestCollectionPreviousRealisasi(CollectionCase):
    """The next year's collection format shows last year's realisasi."""

    def _download(self, submission, user=None):
        action = submission.with_user(user or self.staff_sd).action_download_format()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return attachment.raw

    def test_format_prefilled_with_last_years_realisasi(self):
        run = self._to_collection()
        sd = self._submission(run, self.dep_sd)
        sheet = openpyxl.load_workbook(BytesIO(self._download(sd)))["Indikator"]
        width = len(collection_xlsx.INDICATOR_COLUMNS)
        self.assertIsNone(sheet.cell(3, width + 1).value, "not measured: no reference columns")

        self.previous._sakip_workflow_write({"state": "signed"})
        measure(self.previous, "1", {"APM SD tahun lalu": 91.0})
        measure(self.previous, "2", {"APM SD tahun lalu": 96.5})
        measure(self.previous, "3", {"APM SD tahun lalu": 99.0}, approve=False)
        data = self._download(sd)
        sheet = openpyxl.load_workbook(BytesIO(data))["Indikator"]
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header[width:], ["Target 2025", "Realisasi 2025"])
        row = [cell.value for cell in sheet[4]]
        self.assertEqual(row[2], "APM SD tahun lalu")
        self.assertEqual(row[width:], [97, 96.5], "last approved quarter, cumulative")
        self.assertTrue(sheet.cell(4, width + 1).protection.locked)
        # The bidang's file comes back: the read-only columns are not read.
        result = collection_xlsx.parse_workbook(
            data, {"department_code": "SD", "fiscal_year": 2026, "company": self.company.name}
        )
        self.assertEqual(result.errors, [])
        self.assertEqual(
            [(r["name"], r["target"]) for r in result.indicators], [("APM SD tahun lalu", 97.0)]
        )
        self.assertNotIn("reference_realisation", result.indicators[0])
        # Bidang SMP had no line last year: the columns are there, empty.
        smp = self._submission(run, self.dep_smp)
        sheet = openpyxl.load_workbook(BytesIO(self._download(smp, self.kabid_smp)))["Indikator"]
        self.assertEqual(sheet.cell(3, width + 2).value, "Realisasi 2025")


@tagged("post_install", "-at_install", "sakip")
class TestCapaianDashboardQueries(AccessCase):
    """Opening the dashboard costs the same queries whatever the number of agreements."""

    LIST_SPEC = {
        "fiscal_year": {},
        "quarter": {},
        "department_id": {"fields": {"display_name": {}}},
        "objective": {},
        "name": {},
        "target": {},
        "realisation": {},
        "capaian": {},
        "rating_colour": {},
        "rating_band_id": {"fields": {"display_name": {}}},
        "measurement_state": {},
        "is_behind": {},
    }

    def _grow(self, count):
        """``count`` more agreements of 20 indicators, Q1 approved and Q2 open."""
        parties = self.env["hr.employee"].create(
            [{"name": f"Pejabat {n}"} for n in range(len(self.parties), len(self.parties) + count)]
        )
        self.parties |= parties
        for party in parties:
            pk = signed_pk(
                self.env,
                2035,
                party,
                [
                    {"name": f"Indikator {i}", "department_id": self.dep_sd.id, "target": 100.0}
                    for i in range(20)
                ],
            )
            measure(pk, "1", {f"Indikator {i}": 50.0 + 5 * i for i in range(20)})
            measure(pk, "2", {f"Indikator {i}": 40.0 + 5 * i for i in range(20)}, approve=False)

    def _open_dashboard(self, user):
        Line = self.env["sakip.pk.measurement.line"].with_user(user)
        domain = [("is_measured", "=", True), ("fiscal_year", "=", 2035)]
        order = "is_behind desc, capaian, fiscal_year desc, quarter, indicator_sequence"
        self.env.invalidate_all()
        Line.web_search_read(domain, self.LIST_SPEC, limit=80, order=order, count_limit=10001)
        for groupby in ([], ["name"], ["quarter"], ["name", "quarter"]):
            Line.read_group(domain, ["capaian:avg"], groupby, lazy=False)

    def test_dashboard_queries_do_not_grow_with_the_agreements(self):
        self.parties = self.env["hr.employee"]
        self._grow(3)  # 120 lines: the list's 80 rows and its count, as with more
        queries = {}
        for role in ("planner", "staff"):
            user = self.users[role]
            self._open_dashboard(user)  # the user's rules and views cached once
            before = self.env.cr.sql_log_count
            self._open_dashboard(user)
            queries[role] = self.env.cr.sql_log_count - before
        self.assertLessEqual(max(queries.values()), 12, queries)
        self._grow(9)  # 4 times as many agreements
        for role, count in queries.items():
            with self.subTest(role=role), self.assertQueryCount(count):
                self._open_dashboard(self.users[role])
