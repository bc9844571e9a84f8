# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .collection_common import CollectionCase
from .test_pk_collection_import import INDICATORS, PROGRAMS


@tagged("post_install", "-at_install", "sakip")
class TestPkCollectionTour(HttpCase, CollectionCase):
    def test_bidang_uploads_its_filled_file(self):
        """A bidang user uploads the filled collection file in the browser and
        sees the submission accepted."""
        run = self._to_collection()
        submission = self._submission(run, self.dep_sd)
        data = self._fill(submission.format_attachment_id.raw, INDICATORS, PROGRAMS)
        # The file the user would pick on their disk; owned by them so the tour can read it.
        self.env["ir.attachment"].with_user(self.staff_sd).create(
            {"name": "sakip_collection_tour_filled.xlsx", "raw": data}
        )
        self.start_tour(
            f"/odoo/action-sakip_penetapan_kinerja.action_sakip_pk_submission/{submission.id}",
            "sakip_collection_tour",
            login=self.staff_sd.login,
        )
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.submitted_by_id, self.staff_sd)
        self.assertEqual(submission.file_attachment_id.name, "format_bidang_sd.xlsx")
        self.assertEqual(
            submission.pk_id.indicator_ids.filtered(
                lambda line: line.department_id == self.dep_sd
            ).mapped("name"),
            ["APM SD/MI", "Angka putus sekolah SD", "Predikat akreditasi"],
        )
