# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An office whose agreement's SOP run is driven to a given step, for the
signing screen and "My work" tests and tours."""

from odoo import Command

from .sop_run_common import MODULE, create_office


def create_pk_office(env, name, login_prefix):
    """An office (see ``create_office``) with its Kepala Dinas as an
    employee, a cover-letter type and a draft agreement with one indicator.
    The meeting (steps 4 and 5) is made a plain step."""
    office = create_office(env, name, login_prefix)
    company, users = office["company"], office["users"]
    sop = office["sop"]
    sop.step_ids.filtered(lambda s: s.kind == "meeting_invite").kind = "generic"
    sop.step_ids.output_ids.unlink()
    Employee = env["hr.employee"]
    head = Employee.create(
        {
            "name": "Dr. Kepala Dinas",
            "job_title": "Kepala Dinas",
            "company_id": company.id,
            "user_id": users["head"].id,
        }
    )
    letter_type = env["sakip.letter.type"].create(
        {
            "name": "Surat Pengantar",
            "code": "cover_letter",
            "company_id": company.id,
            "pattern": "{code}/{seq}/{year}",
            "classification_code": "000.8.3.3",
            "report_id": env.ref(f"{MODULE}.action_report_sakip_cover_letter").id,
        }
    )
    pk = env["sakip.pk"].create(
        {
            "fiscal_year": 2026,
            "level": "head",
            "company_id": company.id,
            "first_party_id": head.id,
            "sign_place": "Purwokerto",
            "indicator_ids": [
                Command.create(
                    {
                        "objective": "Meningkatnya akses pendidikan dasar",
                        "name": "Angka Partisipasi Murni SD",
                        "uom": "%",
                        "target": 98.0,
                    }
                )
            ],
        }
    )
    return dict(office, head_employee=head, letter_type=letter_type, pk=pk)


def run_to_step(office, number):
    """Start the agreement's run as the Kepala and complete its steps (as
    the engine) until step ``number`` is in progress. Returns the run."""
    head = office["users"]["head"]
    pk = office["pk"]
    pk.with_user(head).action_start_sop_run()
    run = pk.sop_run_ids
    run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
    run.with_user(head).action_start()
    while run.current_step_id.sequence < number:
        run.current_step_id.action_done()
    return run


def issue_letter(office, subject="Penyampaian Perjanjian Kinerja"):
    """A letter to be signed by the Kepala Dinas, issued by the planner."""
    return (
        office["letter_type"]
        .with_user(office["users"]["planner"])
        ._sakip_issue(
            {
                "subject": subject,
                "addressee_text": "Kepala Bappedalitbang",
                "signer_employee_id": office["head_employee"].id,
            }
        )
    )
