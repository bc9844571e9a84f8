# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

MODULE = "sakip_penetapan_kinerja"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _sakip_load_translations(self):
        """Load this addon's translations (its model and field names, its
        selection labels) for the installed languages now.

        Odoo loads a module's translations only after its data and demo
        (odoo/modules/loading.py), while the code terms ("%s created") are
        already translated: the chatter of the records created at install
        would read "Performance Agreement dibuat". The data calls this before
        its first record with a chatter (data/sakip_pk_sop_data.xml)."""
        self.search([("name", "=", MODULE)])._update_translations()
        # The names read so far (e.g. ir.model's) are cached in English.
        self.env.invalidate_all()
        return True
