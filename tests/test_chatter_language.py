# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The chatter of the records created at install is in the installed
language: "Perjanjian Kinerja dibuat", not "Performance Agreement dibuat"."""

from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .sop_run_common import MODULE


@tagged("post_install", "-at_install", "sakip")
class TestChatterLanguage(TransactionCase):
    def _as_at_install(self):
        """The situation of a fresh install with Indonesian loaded: the user's
        language is Indonesian, the environment has no language, and this
        addon's translations are not loaded yet."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.user.lang = "id_ID"
        self.env.registry.clear_cache()
        self.env.cr.execute(
            "UPDATE ir_model SET name = name - 'id_ID' WHERE model IN ('sakip.pk', 'sakip.sop')"
        )
        self.env.invalidate_all()
        return self.env(context={})

    @staticmethod
    def _create_pk(env):
        company = env.ref("base.main_company")
        head = env["hr.employee"].create({"name": "Kepala Uji", "company_id": company.id})
        return env["sakip.pk"].create(
            {
                "fiscal_year": 2031,
                "level": "head",
                "company_id": company.id,
                "first_party_id": head.id,
            }
        )

    def test_created_at_install(self):
        env = self._as_at_install()
        self.assertEqual(
            env["ir.model"]._get("sakip.pk").with_context(lang="id_ID").name,
            "Performance Agreement",
        )
        env["ir.module.module"]._sakip_load_translations()
        self.assertEqual(
            env["ir.model"]._get("sakip.pk").with_context(lang="id_ID").name, "Perjanjian Kinerja"
        )
        pk = self._create_pk(env)
        self.assertEqual(pk.message_ids[-1:].preview, "Perjanjian Kinerja dibuat")

    def test_with_a_language_unchanged(self):
        """With a language in the context, the message is in that language."""
        self._as_at_install()
        pk = self._create_pk(self.env(context={"lang": "en_US"}))
        self.assertEqual(pk.message_ids[-1:].preview, "Performance Agreement created")

    def test_data_loads_translations_first(self):
        """The data file of the first records with a chatter loads this
        addon's translations before them."""
        tree = etree.parse(file_path(f"{MODULE}/data/sakip_pk_sop_data.xml"))
        first = tree.getroot().xpath("function|record")[0]
        self.assertEqual(
            (first.tag, first.get("model"), first.get("name")),
            ("function", "ir.module.module", "_sakip_load_translations"),
        )
