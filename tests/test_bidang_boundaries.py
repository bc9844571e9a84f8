# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bidang boundaries, tried the way a browser reaches the server: Staf Bidang
SD, logged in, against Bidang SMP's data while the agreement is prepared, on
every route (JSON-RPC ``call_kw``, the chatter's routes, ``/web/content`` and
the reports). Each route checked is counted in ``ROUTES``."""

import json
import logging
from io import BytesIO

import openpyxl
import psycopg2

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .collection_common import CollectionCase

_logger = logging.getLogger(__name__)

MODULE = "sakip_penetapan_kinerja"

#: Routes checked by the tests of this module, printed at the end.
ROUTES = []

#: What gives Bidang SMP's lines away: names, target and budgets (as numbers
#: and as the reports and the chatter format them).
SMP_SECRETS = (
    "Program SMP Rahasia",
    "APM SMP Rahasia",
    "7777000",
    "7,777,000",
    "7.777.000",
    "8888000",
    "8,888,000",
    "8.888.000",
)


def route(label):
    ROUTES.append(label)


class BidangHttpCase(CollectionCase, HttpCase):
    """The collection office (CollectionCase) at step 6, with lines of both
    bidang whose changes are logged, as seen over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        head, planner = cls.users["head"], cls.users["planner"]
        cls.pk.with_user(head).action_start_sop_run()
        cls.pk_run = cls.pk.sop_run_ids
        cls.pk_run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        cls.pk_run.with_user(head).action_start()
        for number in (2, 3, 4, 5):
            cls.pk_run.step_ids.filtered(lambda s, n=number: s.sequence == n).with_user(
                planner
            ).action_done()
        cls.step_6 = cls.pk_run.current_step_id
        Submission = cls.env["sakip.pk.submission"]
        cls.sub_sd = Submission.search(
            [("run_id", "=", cls.pk_run.id), ("department_id", "=", cls.dep_sd.id)]
        )
        cls.sub_smp = Submission.search(
            [("run_id", "=", cls.pk_run.id), ("department_id", "=", cls.dep_smp.id)]
        )
        line_vals = {"pk_id": cls.pk.id, "objective": "Meningkatnya akses", "uom": "%"}
        cls.ind_sd, cls.ind_smp = cls.env["sakip.pk.indicator"].create(
            [
                dict(line_vals, name="APM SD Terbuka", target=98.0, department_id=cls.dep_sd.id),
                dict(line_vals, name="APM SMP Rahasia", target=91.25, department_id=cls.dep_smp.id),
            ]
        )
        cls.prog_sd, cls.prog_smp = cls.env["sakip.pk.program"].create(
            [
                {
                    "pk_id": cls.pk.id,
                    "name": "Program SD Terbuka",
                    "budget": 1_000_000,
                    "department_id": cls.dep_sd.id,
                },
                {
                    "pk_id": cls.pk.id,
                    "name": "Program SMP Rahasia",
                    "budget": 7_777_000,
                    "department_id": cls.dep_smp.id,
                },
            ]
        )
        # The changes are logged when the transaction commits (precommit).
        cls.env.cr.flush()
        cls.prog_smp.budget = 8_888_000
        cls.env.cr.flush()
        cls.log_sd, cls.log_smp = (
            cls.env["mail.message"].search(
                [
                    ("model", "=", "sakip.pk"),
                    ("res_id", "=", cls.pk.id),
                    ("sakip_line_log", "=", True),
                    ("sakip_department_id", "=", department.id),
                ],
                limit=1,
            )
            for department in (cls.dep_sd, cls.dep_smp)
        )

    @classmethod
    def tearDownClass(cls):
        _logger.info(
            "%s: %s routes checked in this module so far (%s distinct)",
            cls.__name__,
            len(ROUTES),
            len(set(ROUTES)),
        )
        super().tearDownClass()

    # The browser's routes
    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, label, model, method, *args, **kwargs):
        """``call_kw`` refused with an access or user error; return its name."""
        route(label)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self._call(model, method, *args, **kwargs)
        self.assertIn(
            str(caught.exception),
            ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
            label,
        )
        return str(caught.exception)

    def _xlsx_text(self, url):
        """The text of every cell of the XLSX report at ``url``, as the user."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        workbook = openpyxl.load_workbook(BytesIO(response.content))
        return " ".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )

    def _assert_no_secret(self, label, payload):
        text = payload if isinstance(payload, str) else json.dumps(payload, default=str)
        for secret in SMP_SECRETS:
            self.assertNotIn(secret, text, f"{label} gives away {secret!r}")


@tagged("post_install", "-at_install", "sakip")
class TestBidangBoundariesHttp(BidangHttpCase):
    def setUp(self):
        super().setUp()
        self._login(self.staff_sd)

    def test_lines_and_submissions(self):
        for model, own, other in (
            ("sakip.pk.indicator", self.ind_sd, self.ind_smp),
            ("sakip.pk.program", self.prog_sd, self.prog_smp),
            ("sakip.pk.submission", self.sub_sd, self.sub_smp),
        ):
            with self.subTest(model=model):
                route(f"{model} search_read")
                rows = self._call(model, "search_read", [("pk_id", "=", self.pk.id)], ["name"])
                self.assertEqual([row["id"] for row in rows], own.ids)
                self._assert_no_secret(f"{model} search_read", rows)
                route(f"{model} search_count")
                self.assertEqual(self._call(model, "search_count", [("id", "=", other.id)]), 0)
                self._refused(f"{model} read", model, "read", other.ids, ["name"])
                route(f"{model} read_group")
                groups = self._call(
                    model,
                    "read_group",
                    [("pk_id", "=", self.pk.id)],
                    ["department_id"],
                    ["department_id"],
                    lazy=False,
                )
                self.assertEqual([group["department_id"][0] for group in groups], self.dep_sd.ids)
                route(f"{model} name_search")
                self.assertFalse(self._call(model, "name_search", "SMP"))
                route(f"{model} web_search_read")
                result = self._call(
                    model,
                    "web_search_read",
                    [("pk_id", "=", self.pk.id)],
                    {"display_name": {}},
                )
                self.assertEqual([row["id"] for row in result["records"]], own.ids)
        route("sakip.pk web_read (lines of the agreement)")
        [pk] = self._call(
            "sakip.pk",
            "web_read",
            self.pk.ids,
            {"indicator_ids": {"fields": {"name": {}}}, "program_ids": {"fields": {"name": {}}}},
        )
        self.assertEqual([line["id"] for line in pk["indicator_ids"]], self.ind_sd.ids)
        self.assertEqual([line["id"] for line in pk["program_ids"]], self.prog_sd.ids)
        self._assert_no_secret("sakip.pk web_read", pk)

    def test_line_change_messages(self):
        self.assertTrue(self.log_sd and self.log_smp, "one log per bidang")
        self.assertIn("Program SMP Rahasia", self.log_smp.body)
        route("mail.message search_read")
        rows = self._call(
            "mail.message",
            "search_read",
            [("model", "=", "sakip.pk"), ("res_id", "=", self.pk.id)],
            ["body", "subtype_id"],
        )
        ids = [row["id"] for row in rows]
        self.assertIn(self.log_sd.id, ids, "the bidang reads its own lines' log")
        self.assertNotIn(self.log_smp.id, ids)
        self._assert_no_secret("mail.message search_read", rows)
        self._refused("mail.message read", "mail.message", "read", self.log_smp.ids, ["body"])
        route("mail.message search_count")
        self.assertEqual(
            self._call("mail.message", "search_count", [("id", "=", self.log_smp.id)]), 0
        )
        route("mail.message read_group")
        groups = self._call(
            "mail.message",
            "read_group",
            [("sakip_department_id", "=", self.dep_smp.id)],
            ["sakip_department_id"],
            ["sakip_department_id"],
            lazy=False,
        )
        self.assertFalse(groups)
        route("mail.message web_search_read (body search)")
        result = self._call(
            "mail.message", "web_search_read", [("body", "ilike", "Rahasia")], {"body": {}}
        )
        self.assertFalse(result["records"])
        route("sakip.pk read message_ids")
        [pk] = self._call("sakip.pk", "read", self.pk.ids, ["message_ids"])
        self.assertNotIn(self.log_smp.id, pk["message_ids"])
        route("/mail/thread/messages (agreement)")
        thread = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "sakip.pk", "thread_id": self.pk.id}
        )
        self.assertIn(self.log_sd.id, thread["messages"])
        self.assertNotIn(self.log_smp.id, thread["messages"])
        # the tracked total (every bidang's budgets) is hidden too
        self._assert_no_secret("/mail/thread/messages", thread)
        route("/mail/thread/messages (search)")
        found = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "sakip.pk", "thread_id": self.pk.id, "search_term": "Rahasia"},
        )
        self.assertFalse(found["messages"])

    def test_formats_belong_to_their_submission(self):
        format_sd, format_smp = self.sub_sd.format_attachment_id, self.sub_smp.format_attachment_id
        self.assertEqual(
            (format_smp.res_model, format_smp.res_id), (self.sub_smp._name, self.sub_smp.id)
        )
        route("ir.attachment search_read")
        rows = self._call(
            "ir.attachment",
            "search_read",
            [("name", "ilike", "Format PK")],
            ["name", "res_model", "res_id"],
        )
        self.assertEqual([row["id"] for row in rows], format_sd.ids)
        self._refused("ir.attachment read", "ir.attachment", "read", format_smp.ids, ["datas"])
        route("ir.attachment on the run (search_read)")
        on_run = self._call(
            "ir.attachment",
            "search_read",
            [("res_model", "=", "sakip.sop.run"), ("res_id", "=", self.pk_run.id)],
            ["name"],
        )
        self.assertNotIn(format_smp.id, [row["id"] for row in on_run])
        route("sakip.sop.run.step read attachment_ids (step 2 outputs)")
        step_2 = self.pk_run.step_ids.filtered(lambda s: s.sequence == 2)
        [step] = self._call("sakip.sop.run.step", "read", step_2.ids, ["attachment_ids"])
        self.assertEqual(step["attachment_ids"], format_sd.ids)
        route("sakip.sop.run web_read (the run's form: steps and their outputs)")
        [run] = self._call(
            "sakip.sop.run",
            "web_read",
            self.pk_run.ids,
            {"step_ids": {"fields": {"attachment_ids": {"fields": {"name": {}}}}}},
        )
        outputs = [att["id"] for step in run["step_ids"] for att in step["attachment_ids"]]
        self.assertIn(format_sd.id, outputs)
        self.assertNotIn(format_smp.id, outputs)
        route("/mail/thread/data attachments (run)")
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "sakip.sop.run",
                "thread_id": self.pk_run.id,
                "request_list": ["attachments"],
            },
        )
        self.assertNotIn(format_smp.name, json.dumps(data))
        route("/web/content (other bidang's format)")
        response = self.url_open(f"/web/content/{format_smp.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        route("/web/content (own format)")
        response = self.url_open(f"/web/content/{format_sd.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, format_sd.raw)

    def test_step_activities(self):
        activity = self.env["mail.activity"].search(
            [("sakip_run_step_id", "=", self.step_6.id), ("user_id", "=", self.users["planner"].id)]
        )
        self.assertEqual(len(activity), 1)
        deadline = activity.date_deadline
        self._refused(
            "mail.activity write (reassign to self, 2099)",
            "mail.activity",
            "write",
            activity.ids,
            {"user_id": self.staff_sd.id, "date_deadline": "2099-12-31"},
        )
        self._refused(
            "mail.activity write (reschedule)",
            "mail.activity",
            "write",
            activity.ids,
            {"date_deadline": "2099-12-31"},
        )
        self._refused("mail.activity action_snooze", "mail.activity", "action_snooze", activity.ids)
        self._refused("mail.activity unlink", "mail.activity", "unlink", activity.ids)
        self._refused("mail.activity action_cancel", "mail.activity", "action_cancel", activity.ids)
        self._refused(
            "mail.activity create (fake step activity)",
            "mail.activity",
            "create",
            {
                "res_model_id": self.env["ir.model"]._get_id("sakip.sop.run"),
                "res_id": self.pk_run.id,
                "user_id": self.staff_sd.id,
                "sakip_run_step_id": self.step_6.id,
            },
        )
        activity.invalidate_recordset()
        self.assertEqual(
            (activity.user_id, activity.date_deadline), (self.users["planner"], deadline)
        )
        # The assignee reschedules it, but cannot hand it over.
        self._login(self.users["planner"])
        self._refused(
            "mail.activity write (assignee reassigns)",
            "mail.activity",
            "write",
            activity.ids,
            {"user_id": self.users["planner2"].id},
        )
        route("mail.activity write (assignee reschedules)")
        self._call("mail.activity", "write", activity.ids, {"date_deadline": "2030-01-31"})
        activity.invalidate_recordset()
        self.assertEqual(str(activity.date_deadline), "2030-01-31")
        self.assertEqual(activity.user_id, self.users["planner"])

    def test_line_move_to_another_bidang(self):
        for model, line in (
            ("sakip.pk.indicator", self.ind_sd),
            ("sakip.pk.program", self.prog_sd),
        ):
            with self.subTest(model=model):
                self._refused(
                    f"{model} write (move to another bidang)",
                    model,
                    "write",
                    line.ids,
                    {"department_id": self.dep_smp.id},
                )
                line.invalidate_recordset()
                self.assertEqual(line.department_id, self.dep_sd)

    def test_totals(self):
        self._refused(
            "sakip.pk read budget_total", "sakip.pk", "read", self.pk.ids, ["budget_total"]
        )
        self._refused(
            "sakip.pk read_group budget_total",
            "sakip.pk",
            "read_group",
            [("id", "=", self.pk.id)],
            ["budget_total:sum"],
            [],
        )
        # nor guessed by searching or sorting on it
        self._refused(
            "sakip.pk search_count on budget_total",
            "sakip.pk",
            "search_count",
            [("budget_total", ">", 5_000_000)],
        )
        self._refused(
            "sakip.pk search_read ordered by budget_total",
            "sakip.pk",
            "search_read",
            [],
            ["name"],
            order="budget_total desc",
        )
        route("sakip.pk read budget_total_shown")
        [pk] = self._call(
            "sakip.pk", "read", self.pk.ids, ["budget_total_shown", "budget_total_words"]
        )
        self.assertEqual(pk["budget_total_shown"], 1_000_000)
        self.assertEqual(pk["budget_total_words"], "satu juta rupiah")
        route("sakip.pk search_read (all fields)")
        [pk] = self._call("sakip.pk", "search_read", [("id", "=", self.pk.id)])
        self.assertNotIn("budget_total", pk)
        self._assert_no_secret("sakip.pk search_read", pk)
        route("sakip.pk get_views (form)")
        views = self._call("sakip.pk", "get_views", [(False, "form"), (False, "list")])
        self.assertNotIn('<field name="budget_total"', views["views"]["form"]["arch"])
        self.assertNotIn('<field name="budget_total"', views["views"]["list"]["arch"])

    def test_reports(self):
        route("/report/pdf agreement")
        response = self.url_open(f"/report/pdf/{MODULE}.report_sakip_pk/{self.pk.id}")
        self.assertEqual(response.status_code, 200)
        # tests render the PDF's HTML (Odoo's test mode): its text is readable
        text = response.content.decode()
        self.assertIn("Program SD Terbuka", text)
        self.assertIn("1.000.000", text, "the total of the bidang's own programmes")
        self._assert_no_secret("/report/pdf agreement", text)
        route("/report/html agreement")
        response = self.url_open(f"/report/html/{MODULE}.report_sakip_pk/{self.pk.id}")
        self.assertEqual(response.status_code, 200)
        self._assert_no_secret("/report/html agreement", response.text)
        route("/report/xlsx agreement")
        cells = self._xlsx_text(f"/report/xlsx/{MODULE}.pk_xlsx/{self.pk.id}")
        self.assertIn("Program SD Terbuka", cells)
        self._assert_no_secret("/report/xlsx agreement", cells)
        route("/report/xlsx run monitoring")
        cells = self._xlsx_text(f"/report/xlsx/{MODULE}.sop_run_xlsx/{self.pk_run.id}")
        self._assert_no_secret("/report/xlsx run monitoring", cells)
        self.assertNotIn(self.sub_smp.format_attachment_id.name, cells)


@tagged("post_install", "-at_install", "sakip")
class TestOneRunningRunHttp(BidangHttpCase):
    """One running run per document, and none for a signed or cancelled
    agreement: refused by the model, whatever calls it (create, the agreement's
    button, the run's Start), and by the database at last."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Pk = cls.env["sakip.pk"]
        employees = cls.env["hr.employee"].create(
            [
                {"name": f"Kabid Uji {state}", "company_id": cls.company.id}
                for state in ("signed", "cancelled")
            ]
        )
        cls.pk_signed, cls.pk_cancelled = Pk.create(
            [
                {
                    "fiscal_year": 2026,
                    "level": "echelon_3",
                    "company_id": cls.company.id,
                    "first_party_id": employee.id,
                }
                for employee in employees
            ]
        )
        cls.pk_signed._sakip_workflow_write({"state": "signed"})
        cls.pk_cancelled._sakip_workflow_write({"state": "cancelled"})

    def _run_vals(self, pk):
        return {
            "sop_id": self.sop.id,
            "company_id": self.company.id,
            "res_model": "sakip.pk",
            "res_id": pk.id,
        }

    def _legacy_draft(self, pk):
        """A draft run of ``pk`` made before these rules (bypassing the ORM)."""
        draft = self.env["sakip.sop.run"].create(
            dict(self._run_vals(self.previous), res_id=self.previous.id)
        )
        self.env.cr.execute("UPDATE sakip_sop_run SET res_id = %s WHERE id = %s", (pk.id, draft.id))
        draft.invalidate_recordset()
        return draft

    def test_second_run_refused_while_one_runs(self):
        self._login(self.users["head"])
        self.assertEqual(
            self._refused(
                "sakip.sop.run create (second run)",
                "sakip.sop.run",
                "create",
                self._run_vals(self.pk),
            ),
            "odoo.exceptions.UserError",
        )
        self._refused(
            "sakip.pk action_start_sop_run (second run)",
            "sakip.pk",
            "action_start_sop_run",
            self.pk.ids,
        )
        draft = self._legacy_draft(self.pk)
        self._refused(
            "sakip.sop.run action_start (second run)", "sakip.sop.run", "action_start", draft.ids
        )
        draft.invalidate_recordset()
        self.assertEqual(draft.state, "draft")
        self._login(self.users["planner"])
        self._refused(
            "sakip.sop.run create (planner)", "sakip.sop.run", "create", self._run_vals(self.pk)
        )
        self._refused(
            "sakip.pk action_start_sop_run (planner)",
            "sakip.pk",
            "action_start_sop_run",
            self.pk.ids,
        )
        self.assertEqual(self.pk.with_context(active_test=False).sop_run_count, 2)
        # The database refuses a second running run whatever the path.
        route("database: second running run")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE sakip_sop_run SET state = 'running' WHERE id = %s", (draft.id,)
            )

    def test_no_run_for_a_signed_or_cancelled_agreement(self):
        self._login(self.users["head"])
        for pk in (self.pk_signed, self.pk_cancelled):
            with self.subTest(state=pk.state):
                self._refused(
                    f"sakip.sop.run create ({pk.state})",
                    "sakip.sop.run",
                    "create",
                    self._run_vals(pk),
                )
                self._refused(
                    f"sakip.pk action_start_sop_run ({pk.state})",
                    "sakip.pk",
                    "action_start_sop_run",
                    pk.ids,
                )
                draft = self._legacy_draft(pk)
                self._refused(
                    f"sakip.sop.run action_start ({pk.state})",
                    "sakip.sop.run",
                    "action_start",
                    draft.ids,
                )
                draft.invalidate_recordset()
                self.assertEqual(draft.state, "draft")
        self.assertFalse(self.pk_signed.sop_run_ids.filtered(lambda run: run.state == "running"))

    def test_message_of_the_model(self):
        """The model refuses with a clear message (not only the button)."""
        Run = self.env["sakip.sop.run"].with_user(self.users["head"])
        with self.assertRaisesRegex(UserError, "is signed: no SOP run can prepare it"):
            Run.create(self._run_vals(self.pk_signed))
        with self.assertRaisesRegex(UserError, "already has an SOP run that is not finished"):
            Run.create(self._run_vals(self.pk))
