# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

import pytz

from odoo import fields, models

from .xlsx_common import WORKBOOK_OPTIONS, add_formats, page_setup, sheet_name

RUN_FIELDS = [
    "name",
    "sop_id",
    "company_id",
    "fiscal_year",
    "document_name",
    "state",
    "date_start",
    "date_done",
    "started_by_id",
]
STEP_FIELDS = [
    "run_id",
    "sequence",
    "name",
    "actor_id",
    "iteration",
    "state",
    "duration_value",
    "duration_unit",
    "date_start",
    "date_deadline",
    "date_done",
    "done_by_id",
    "norm_hours",
    "worked_hours",
    "is_overdue",
    "send_back_flag",
]
HEADERS = [
    "No",
    "Kegiatan",
    "Pelaksana",
    "Putaran",
    "Status",
    "Norma",
    "Norma (jam kerja)",
    "Waktu kerja (jam)",
    "Selisih (jam)",
    "Mulai",
    "Batas waktu",
    "Selesai",
    "Diselesaikan oleh",
    "Terlambat",
    "Dikembalikan",
]
WIDTHS = [5, 50, 22, 8, 14, 14, 11, 11, 10, 17, 17, 17, 22, 10, 12]

#: The export is a printed document: Indonesian whatever the user's language.
RUN_STATE_LABELS = {
    "draft": "Draf",
    "running": "Berjalan",
    "done": "Selesai",
    "cancelled": "Dibatalkan",
}
STEP_STATE_LABELS = {
    "waiting": "Menunggu",
    "in_progress": "Sedang dikerjakan",
    "done": "Selesai",
    "sent_back": "Dikembalikan",
    "skipped": "Dilewati",
}
UNIT_LABELS = {"minute": "menit", "hour": "jam", "working_day": "hari kerja"}
CLOSED_STATES = ("done", "sent_back")


def _many2one_name(value):
    return value[1] if value else None


class SakipSopRunXlsx(models.AbstractModel):
    """XLSX export of the step monitoring of SOP runs: for each run, every
    step instance with its norm against the working time it took, its
    deadline, when and by whom it was closed, whether it was late and whether
    it was sent back, and a summary row.

    Working times are those the engine stored (on the company's SAKIP
    calendar); dates are shown in the office's time zone (the calendar's).
    """

    _name = "report.sakip_penetapan_kinerja.sop_run_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "SOP Run Monitoring XLSX Export"

    def get_workbook_options(self):
        return dict(super().get_workbook_options(), **WORKBOOK_OPTIONS)

    def generate_xlsx_report(self, workbook, data, objs):
        formats = add_formats(workbook)
        runs = objs.read(RUN_FIELDS)
        steps = defaultdict(list)
        for step in self.env["sakip.sop.run.step"].search_read(
            [("run_id", "in", objs.ids)], STEP_FIELDS
        ):
            steps[step["run_id"][0]].append(step)
        timezones = {
            company.id: pytz.timezone(company._sakip_tz_name()) for company in objs.company_id
        }
        for run in runs:
            self._write_run_sheet(
                workbook, formats, run, steps[run["id"]], timezones[run["company_id"][0]]
            )

    def _write_run_sheet(self, workbook, formats, run, steps, timezone):
        def local(value):
            if not value:
                return None
            return pytz.utc.localize(value).astimezone(timezone).replace(tzinfo=None)

        sheet = workbook.add_worksheet(sheet_name(f"Pemantauan {run['name']}"))
        for col, width in enumerate(WIDTHS):
            sheet.set_column(col, col, width)
        sheet.write_string(0, 0, "PEMANTAUAN PELAKSANAAN SOP", formats["title"])
        sheet.write_string(1, 0, _many2one_name(run["sop_id"]) or "", formats["subtitle"])
        block = [
            ("Proses", run["name"]),
            ("Dokumen", run["document_name"] or ""),
            ("Tahun", run["fiscal_year"]),
            ("Status", RUN_STATE_LABELS.get(run["state"], "")),
            ("Dimulai", local(run["date_start"])),
            ("Dimulai oleh", _many2one_name(run["started_by_id"]) or ""),
            ("Selesai", local(run["date_done"])),
            ("Zona waktu", timezone.zone),
        ]
        row = 3
        for label, value in block:
            sheet.write_string(row, 0, label, formats["label"])
            if hasattr(value, "hour"):
                sheet.write_datetime(row, 2, value, formats["cell_datetime"])
            else:
                sheet.write(row, 2, value or "", formats["value"])
            row += 1
        header_row = row + 1
        sheet.write_row(header_row, 0, HEADERS, formats["header"])
        row = header_row + 1
        for step in steps:
            closed = step["state"] in CLOSED_STATES
            norm = f"{step['duration_value']:g} {UNIT_LABELS.get(step['duration_unit'], '')}"
            worked = step["worked_hours"] if closed else None
            sheet.write_row(
                row,
                0,
                [
                    step["sequence"],
                    step["name"],
                    _many2one_name(step["actor_id"]),
                    step["iteration"],
                    STEP_STATE_LABELS.get(step["state"]),
                    norm.strip(),
                ],
                formats["cell"],
            )
            sheet.write_row(
                row,
                6,
                [
                    step["norm_hours"] if step["date_start"] else None,
                    worked,
                    worked - step["norm_hours"] if closed else None,
                ],
                formats["cell_hours"],
            )
            sheet.write_row(
                row,
                9,
                [local(step["date_start"]), local(step["date_deadline"]), local(step["date_done"])],
                formats["cell_datetime"],
            )
            sheet.write_row(
                row,
                12,
                [
                    _many2one_name(step["done_by_id"]),
                    "Ya" if step["is_overdue"] else "Tidak",
                    step["send_back_flag"],
                ],
                formats["cell_center"],
            )
            row += 1
        self._write_summary(sheet, formats, row, steps, local(fields.Datetime.now()).date())
        page_setup(sheet, header_row, len(HEADERS) - 1)

    def _write_summary(self, sheet, formats, row, steps, today):
        closed = [step for step in steps if step["state"] in CLOSED_STATES]
        norm_closed = sum(step["norm_hours"] for step in closed)
        worked = sum(step["worked_hours"] for step in closed)
        late = sum(1 for step in steps if step["is_overdue"])
        done = sum(1 for step in steps if step["state"] == "done")
        sent_back = sum(step["send_back_flag"] for step in steps)
        sheet.write_row(
            row,
            0,
            [None, "Jumlah (langkah yang sudah ditutup)", None, None, f"{done} dari {len(steps)}"],
            formats["total_label"],
        )
        sheet.write_row(row, 5, [None], formats["total_label"])
        sheet.write_row(row, 6, [norm_closed, worked, worked - norm_closed], formats["total_hours"])
        sheet.write_row(row, 9, [None, None, None, None], formats["total_label"])
        sheet.write_row(row, 13, [late, sent_back], formats["total_number"])
        row += 2
        sheet.write_string(
            row,
            1,
            f"Langkah selesai: {done} dari {len(steps)}; terlambat: {late}; "
            f"dikembalikan: {sent_back} kali. "
            f"Dibuat {today.strftime('%d/%m/%Y')}.",
            formats["words"],
        )
