# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "sakip")
class TestSopTour(HttpCase):
    def test_sop_tour(self):
        """Open the seeded SOP from the list and read its steps and norm."""
        self.start_tour(
            "/odoo/action-sakip_penetapan_kinerja.action_sakip_sop",
            "sakip_sop_tour",
            login="admin",
        )
