# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """The creation message ("<model> created") with the model's name in
        the language of the sentence.

        Without a language in the context (data and demo records created at
        install), ``_()`` falls back to the user's language while the model's
        name is read in English: "Performance Agreement dibuat". Both now use
        that fallback language."""
        if self.env.lang:
            return super()._creation_message()
        # The fallback of odoo.tools.translate._get_lang: the user's language.
        lang = self.env["res.users"].context_get().get("lang")
        return super(MailThread, self.with_context(lang=lang))._creation_message()
