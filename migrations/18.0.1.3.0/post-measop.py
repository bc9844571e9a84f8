# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Issue 15, item 4: every office that runs the agreement's SOP gets the
quarterly measurement's SOP "Pengukuran Kinerja Triwulan" (the data file
gives it to the demo company only), as "Set up this office" does."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("sakip_penetapan_kinerja.sop_pengukuran_kinerja", raise_if_not_found=False)
    if not template:
        return
    Sop = env["sakip.sop"].with_context(active_test=False)
    offices = Sop.search([("code", "=", "penyusunan_pk")]).company_id
    covered = Sop.search([("code", "=", template.code)]).company_id
    for office in offices - covered:
        office._sakip_setup_sop(template)
