# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "sakip")
class TestPkTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env,
            login="tour.perencana",
            groups="base.group_user,sakip_penetapan_kinerja.group_sakip_planner",
        )
        cls.kabid = cls.env["hr.employee"].create(
            {"name": "Tour Kabid Pendidikan", "job_title": "Kepala Bidang SD"}
        )

    def test_planner_creates_pk_with_indicators_and_programme(self):
        """A Tim Perencanaan user creates a PK with two indicators and a
        programme in the browser and sees the total in Indonesian words."""
        self.start_tour(
            "/odoo/action-sakip_penetapan_kinerja.action_sakip_pk",
            "sakip_pk_tour",
            login="tour.perencana",
        )
        pk = self.env["sakip.pk"].search([("first_party_id", "=", self.kabid.id)])
        self.assertEqual(len(pk), 1)
        self.assertEqual(pk.create_uid, self.planner)
        self.assertEqual(pk.level, "echelon_3")
        self.assertEqual(
            sorted(pk.indicator_ids.mapped("name")),
            ["Angka Partisipasi Murni SD", "Persentase SD terakreditasi minimal B"],
        )
        self.assertEqual(pk.indicator_ids.mapped("target"), [85.0, 97.0])
        self.assertEqual(pk.budget_total, 1_234_567_890)
        self.assertTrue(pk.budget_total_words.startswith("satu miliar dua ratus"))
