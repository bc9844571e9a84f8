# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "sakip")
class TestIndonesianTranslation(TransactionCase):
    """With Indonesian loaded, menus, labels, views and error messages speak
    Indonesian (the completeness of i18n/id.po is checked by pytest)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(
            ["sakip_penetapan_kinerja"], ["id_ID"], overwrite=True
        )
        cls.env = cls.env(context=dict(cls.env.context, lang="id_ID"))
        cls.kabid = cls.env["hr.employee"].create({"name": "Kabid Uji Terjemahan"})
        cls.pk = cls.env["sakip.pk"].create(
            {"fiscal_year": 2031, "level": "echelon_3", "first_party_id": cls.kabid.id}
        )

    def test_menus_and_actions(self):
        self.assertEqual(
            self.env.ref("sakip_penetapan_kinerja.menu_sakip_pk_documents").name, "Dokumen PK"
        )
        self.assertEqual(
            self.env.ref("sakip_penetapan_kinerja.action_sakip_pk").name, "Perjanjian Kinerja"
        )
        self.assertEqual(
            self.env.ref("sakip_penetapan_kinerja.group_sakip_planner").name, "Tim Perencanaan"
        )

    def test_field_labels_and_selections(self):
        fields = self.env["sakip.pk.indicator"].fields_get(["objective", "target_kind"])
        self.assertEqual(fields["objective"]["string"], "Sasaran Strategis")
        self.assertEqual(dict(fields["target_kind"]["selection"])["number"], "Angka")
        budget = self.env["sakip.pk.program"].fields_get(["budget"])["budget"]
        self.assertEqual(budget["string"], "Anggaran (Rp)")

    def test_form_view(self):
        arch = self.env["sakip.pk"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Revisi (PK Perubahan)", arch)
        self.assertNotIn("Revise (PK Perubahan)", arch)

    def test_error_messages(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["sakip.pk.program"].create(
                {"pk_id": self.pk.id, "name": "Program Uji", "budget": -5}
            )
        self.assertEqual(
            str(caught.exception), "Program “Program Uji”: anggaran tidak boleh negatif."
        )
        with self.assertRaises(ValidationError) as caught:
            self.kabid.nip = "1966021719930310"
        self.assertEqual(
            str(caught.exception),
            "NIP Kabid Uji Terjemahan (1966021719930310) terdiri atas 16 digit; "
            "NIP harus 18 digit.",
        )
        self.assertFalse(self.kabid.nip)
        self.assertFalse(self.pk.program_ids)
        # The workflow-owned fields (sakip.workflow.owned.mixin).
        with self.assertRaises(UserError) as caught:
            self.pk.write({"state": "signed"})
        self.assertEqual(
            str(caught.exception),
            "Perjanjian Kinerja: kolom berikut hanya diisi oleh alur kerja (langkah SOP "
            "dan tindakannya) dan tidak dapat diubah secara langsung: Status.",
        )

    def test_mail_templates_are_indonesian(self):
        """The emails of the collection go out in Indonesian (their templates'
        translations match what the templates hold)."""
        fmt = self.env.ref("sakip_penetapan_kinerja.mail_template_sakip_pk_collection_format")
        self.assertIn("Mohon isi format pengumpulan", fmt.body_html)
        self.assertIn("format pengumpulan untuk", fmt.subject)
        returned = self.env.ref(
            "sakip_penetapan_kinerja.mail_template_sakip_pk_submission_returned"
        )
        self.assertIn("Dikembalikan kepada", returned.body_html)
        self.assertEqual(returned.name, "SAKIP: kiriman bidang dikembalikan")

    def test_amount_in_words_is_indonesian(self):
        self.env["sakip.pk.program"].create(
            {"pk_id": self.pk.id, "name": "Program Uji", "budget": 1_001_000}
        )
        self.assertEqual(self.pk.budget_total_words, "satu juta seribu rupiah")
