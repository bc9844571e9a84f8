# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cost of the official documents, run by scripts/bench_documents.sh inside
``odoo shell`` (``env`` is given) on a fresh database served over HTTP.

1. The PK PDF with 20, 200 and 1,000 indicator lines, against wkhtmltopdf run
   directly on the same saved HTML (the files Odoo hands it).
2. The PK XLSX export of 10,000 lines (report_xlsx), against plain xlsxwriter
   writing the same cells.
3. Importing a filled collection file of 2,000 lines, against Odoo's standard
   import ``load()`` of the same rows into the same model.

Each figure is the median of several runs; a Markdown table is printed.
"""

# ruff: noqa: F821 -- ``env`` comes from odoo shell.
import base64
import io
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo import Command

from odoo.addons.base.models import ir_actions_report
from odoo.addons.sakip_penetapan_kinerja.tools import collection_xlsx

REPEATS = 3
BASE_URL = os.environ["SAKIP_BENCH_URL"]


def median_time(function, repeats=REPEATS):
    """Median wall time (s) of ``function()`` and its last result."""
    times, result = [], None
    for _i in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def setup_office():
    company = env.company
    ICP = env["ir.config_parameter"].sudo()
    ICP.set_param("web.base.url", BASE_URL)
    ICP.set_param("report.url", BASE_URL)
    company.write(
        {
            "sakip_regency": "Pemerintah Kabupaten Banyumas",
            "sakip_office_name": "Dinas Pendidikan",
            "sakip_address": "Jl. Perintis Kemerdekaan No. 75, Purwokerto",
            "sakip_sign_city": "Purwokerto",
            "sakip_regent_name": "Sadewo Tri Lastiono",
            "sakip_regent_title": "Bupati Banyumas",
        }
    )
    department = env["hr.department"].create(
        {"name": "Bidang Pembinaan SD", "sakip_code": "SD", "is_sakip_unit": True}
    )
    return company, department


def make_pk(company, department, lines, name):
    employee = env["hr.employee"].create(
        {"name": name, "company_id": company.id, "department_id": department.id}
    )
    return env["sakip.pk"].create(
        {
            "fiscal_year": 2026,
            "level": "echelon_3",
            "company_id": company.id,
            "first_party_id": employee.id,
            "second_party_name": "Kepala Dinas",
            "indicator_ids": [
                Command.create(
                    {
                        "objective": f"Sasaran strategis {i // 10 + 1}",
                        "name": f"Persentase satuan pendidikan terakreditasi minimal B ({i})",
                        "uom": "%",
                        "target": 75 + i % 20,
                        "department_id": department.id,
                    }
                )
                for i in range(lines)
            ],
            "program_ids": [
                Command.create(
                    {
                        "name": f"Program pengelolaan pendidikan {i}",
                        "budget": 1_250_000_000 + i * 1_000,
                        "department_id": department.id,
                    }
                )
                for i in range(10)
            ],
        }
    )


# 1. PDF
def bench_pdf(pk):
    """(Odoo seconds, direct wkhtmltopdf seconds, pages) for the PK report."""
    Report = env["ir.actions.report"]
    saved = tempfile.mkdtemp(prefix="sakip-bench-html-")
    captured = []
    real_popen = subprocess.Popen

    def capturing_popen(args, *a, **kw):
        if args and "wkhtmltopdf" in os.path.basename(args[0]):
            command = []
            for arg in args:
                if arg.endswith(".html") and os.path.exists(arg):
                    copy = os.path.join(saved, os.path.basename(arg))
                    shutil.copyfile(arg, copy)
                    arg = copy
                elif arg.endswith(".pdf"):
                    arg = os.path.join(saved, "direct.pdf")
                command.append(arg)
            captured[:] = [command]
        return real_popen(args, *a, **kw)

    def render():
        return Report._render_qweb_pdf("sakip_penetapan_kinerja.action_report_sakip_pk", pk.ids)[0]

    with patch.object(ir_actions_report.subprocess, "Popen", capturing_popen):
        odoo_time, pdf = median_time(render)
    command = captured[0]
    direct_time, _result = median_time(
        lambda: subprocess.run(command, capture_output=True, check=False)
    )
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    shutil.rmtree(saved, ignore_errors=True)
    return odoo_time, direct_time, pages


# 2. XLSX export
def bench_xlsx(pk):
    Report = env["ir.actions.report"]

    def export():
        return Report._render_xlsx(
            "sakip_penetapan_kinerja.action_report_sakip_pk_xlsx", pk.ids, {}
        )[0]

    odoo_time, content = median_time(export)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book]
    cells = sum(len(row) for _title, rows in sheets for row in rows)

    def plain():
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        for title, rows in sheets:
            worksheet = workbook.add_worksheet(title)
            for index, row in enumerate(rows):
                worksheet.write_row(index, 0, row)
        workbook.close()
        return buffer.getvalue()

    plain_time, _content = median_time(plain)
    return odoo_time, plain_time, cells


# 3. Import of a filled collection file
class Rollback(Exception):
    """Undo a measured import, so that each repeat starts from the same state."""


def rolled_back(function):
    """Run ``function()`` in a savepoint rolled back afterwards."""
    try:
        with env.cr.savepoint():
            function()
            env.flush_all()
            raise Rollback
    except Rollback:
        env.invalidate_all()


def bench_import(company, department, lines=2000):
    """The upload of a filled collection file of ``lines`` indicator lines at
    step 6, against ``load()`` of the same rows into sakip.pk.indicator."""
    pk = make_pk(company, department, 0, "Pejabat Impor")
    pk.action_start_sop_run()
    run = pk.sop_run_ids
    run.write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
    run.action_start()
    run.current_step_id.action_done()  # step 2: one workbook per bidang
    submission = pk.submission_ids.filtered(lambda s: s.department_id == department)
    quarters = ("target_q1", "target_q2", "target_q3", "target_q4")
    indicators = [
        {
            "objective": f"Sasaran strategis {i // 10 + 1}",
            "name": f"Indikator kinerja bidang nomor {i}",
            "uom": "%",
            "target": 80 + i % 20,
            "target_text": None,
            **{fname: 80 + i % 20 for fname in quarters},
        }
        for i in range(lines)
    ]
    programs = [{"name": "Program pengelolaan pendidikan", "budget": 1_000_000, "note": "APBD"}]
    data = collection_xlsx.build_workbook(submission._format_meta(), indicators, programs)

    def upload():
        def check_and_replace():
            wizard = env["sakip.pk.submission.upload.wizard"].create(
                {
                    "submission_id": submission.id,
                    "file": base64.b64encode(data),
                    "filename": "format.xlsx",
                }
            )
            wizard.action_preview()
            wizard.action_confirm()

        rolled_back(check_and_replace)

    upload_time, _result = median_time(upload)
    fields = [
        "pk_id/.id",
        "department_id/.id",
        "sequence",
        "objective",
        "name",
        "uom",
        "target_kind",
        "target",
        *quarters,
        "quarter_rule",
    ]
    rows = [
        [
            str(pk.id),
            str(department.id),
            str(index),
            row["objective"],
            row["name"],
            row["uom"],
            "number",
            str(row["target"]),
            *(str(row[fname]) for fname in quarters),
            "cumulative",
        ]
        for index, row in enumerate(indicators, 1)
    ]

    def load():
        def run_load():
            result = env["sakip.pk.indicator"].load(fields, rows)
            assert not result["messages"], result["messages"][:3]

        rolled_back(run_load)

    load_time, _result = median_time(load)
    return (
        f"Collection file upload, {lines:,} lines (checked, replaced, submitted)",
        upload_time,
        "load() of the same rows",
        load_time,
        "faster (ratio < 1)",
    )


IMPORT_BENCH = bench_import


def main():
    company, department = setup_office()
    env.cr.commit()  # the HTTP server must see the office (and serves the assets)
    rows = []
    for lines in (20, 200, 1000):
        pk = make_pk(company, department, lines, f"Pejabat PDF {lines}")
        env.cr.commit()
        odoo_time, direct_time, pages = bench_pdf(pk)
        rows.append(
            (
                f"PK PDF, {lines} indicator lines ({pages} pages)",
                odoo_time,
                "wkhtmltopdf on the same HTML",
                direct_time,
                "≤ 1.25 at 200 lines" if lines == 200 else "",
            )
        )
    pk = make_pk(company, department, 10_000, "Pejabat XLSX")
    odoo_time, plain_time, cells = bench_xlsx(pk)
    rows.append(
        (
            f"PK XLSX export, 10,000 lines ({cells:,} cells)",
            odoo_time,
            "plain xlsxwriter, same cells",
            plain_time,
            "≤ 1.5",
        )
    )
    if IMPORT_BENCH:
        rows.append(IMPORT_BENCH(company, department))
    print()
    print("| Measure | Addon (s) | Baseline | Baseline (s) | Ratio | Goal |")
    print("|---|---:|---|---:|---:|---|")
    for label, ours, baseline_label, baseline, goal in rows:
        print(
            f"| {label} | {ours:.3f} | {baseline_label} | {baseline:.3f} "
            f"| {ours / baseline:.2f} | {goal} |"
        )
    env.cr.rollback()


main()
