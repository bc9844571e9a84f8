# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0: what the generic engine needs of the existing SOPs (their data
is noupdate).

- The agreement's SOPs (code ``penyusunan_pk``) produce agreements
  (``res_model``) and keep numbering their runs PPK/%(year)s/ with the
  sequence of the first release: the existing run numbers are unchanged.
- Their meeting invitation steps name what the engine used to hard-code: the
  invited actors (Kepala Dinas, Sekretaris Dinas of the SOP's company), the
  letter type of the invitation and its addressees.
"""

from odoo import SUPERUSER_ID, api

PK_SOP_CODE = "penyusunan_pk"
ADDRESSEES = "Kepala Dinas, Pejabat Eselon III dan IV di lingkungan {office}"
INVITED_ACTORS = ("kepala_dinas", "sekretaris_dinas")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    sops = env["sakip.sop"].search([("code", "=", PK_SOP_CODE)])
    # SQL: the ORM write would check the step kinds against a document model
    # the SOP does not have yet (the very value written here).
    cr.execute(
        "UPDATE sakip_sop SET res_model = 'sakip.pk' WHERE code = %s AND res_model IS NULL",
        [PK_SOP_CODE],
    )
    sops.invalidate_recordset(["res_model"])
    sequence = env.ref("sakip_penetapan_kinerja.seq_sakip_sop_run", raise_if_not_found=False)
    if sequence:
        sops.filtered(lambda sop: not sop.sequence_id).write({"sequence_id": sequence.id})
    steps = sops.step_ids.filtered(
        lambda step: step.kind == "meeting_invite" and not step.letter_type_code
    )
    actors = env["sakip.sop.actor"].search(
        [("code", "in", INVITED_ACTORS), ("company_id", "in", steps.company_id.ids)]
    )
    by_company = actors.grouped("company_id")
    for company, company_steps in steps.grouped("company_id").items():
        company_steps.write(
            {
                "letter_type_code": "invitation",
                "addressee_text": ADDRESSEES,
                "invitee_actor_ids": [(6, 0, by_company.get(company, actors.browse()).ids)],
            }
        )
