# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The "Capaian Kinerja" graph in the office's rating colours (issue 15,
item 5): static/src/lazy/capaian_graph.js, driven by
static/tests/tours/sakip_capaian_graph_tour.js over the demo measurements."""

from odoo.tests import HttpCase, tagged

MODULE = "sakip_penetapan_kinerja"


@tagged("post_install", "-at_install", "sakip")
class TestCapaianGraphTour(HttpCase):
    def test_graph_in_rating_colours(self):
        planner = self.env["res.users"].search([("login", "=", "perencana")])
        bands = self.env["sakip.rating.band"].search([("company_id", "=", planner.company_id.id)])
        self.assertEqual(len(bands), 5)
        # Colours the tour can tell from Odoo's palette.
        for index, band in enumerate(bands, start=1):
            band.colour = f"#0000A{index}"
        Line = self.env["sakip.pk.measurement.line"].with_user(planner)
        rated = Line.search([("is_measured", "=", True)]).rating_band_id
        self.assertGreaterEqual(len(rated), 2, "the demo rates its quarters in two bands at least")
        action = self.env.ref(f"{MODULE}.action_sakip_capaian")
        graph = action.view_ids.filtered(lambda view: view.view_mode == "graph").view_id
        self.assertEqual(graph, self.env.ref(f"{MODULE}.view_sakip_capaian_graph_rating"))
        self.assertIn('js_class="sakip_capaian_graph"', graph.arch_db)
        self.start_tour(
            f"/odoo/action-{MODULE}.action_sakip_capaian?view_type=graph",
            "sakip_capaian_graph_tour",
            login="perencana",
        )
