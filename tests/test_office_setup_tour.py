# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestOfficeSetupTour(HttpCase):
    """A second office adopts the SOP in the browser, from scratch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Dinas Kesehatan Tur"})
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write(
            {
                "company_ids": [Command.link(cls.company.id)],
                "groups_id": [
                    Command.link(cls.env.ref(f"{MODULE}.group_sakip_admin").id),
                    Command.link(cls.env.ref("base.group_multi_company").id),
                ],
            }
        )
        employee = cls.env["hr.employee"].create(
            {"name": "Kabid Kesehatan Tur", "company_id": cls.company.id}
        )
        cls.pk = cls.env["sakip.pk"].create(
            {
                "fiscal_year": cls.company._sakip_today().year,
                "level": "echelon_3",
                "company_id": cls.company.id,
                "first_party_id": employee.id,
            }
        )

    def test_second_office_from_scratch(self):
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_sop",
            "sakip_office_setup_tour",
            login="admin",
        )
        # The office gets both procedures; the agreement's is the one its run follows.
        sops = self.env["sakip.sop"].search([("company_id", "=", self.company.id)])
        self.assertEqual(sorted(sops.mapped("res_model")), ["sakip.pk", "sakip.pk.measurement"])
        sop = sops.filtered(lambda s: s.res_model == "sakip.pk")
        self.assertEqual(self.company.sakip_calendar_id.tz, "Asia/Jakarta")
        run = self.pk.sop_run_ids
        self.assertEqual((run.sop_id, run.state), (sop, "running"))
        self.assertEqual(run.current_step_id.sequence, 2)
        self.assertEqual(run.step_ids.sop_step_id.actor_id.company_id, self.company)
