# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class MailMessage(models.Model):
    """The changes of an agreement's lines are logged on the agreement, one
    message per bidang, marked so that only those who may read the bidang's
    lines read the message: the record rules of
    ``security/sakip_bidang_security.xml`` (Staf Bidang: the messages of their
    own bidang; planning team, secretary and head: all). Record rules apply to
    every route to a message: read, search_read, read_group, the chatter's
    ``/mail/thread/messages`` and the agreement's ``message_ids``."""

    _inherit = "mail.message"

    sakip_line_log = fields.Boolean(
        string="SAKIP line changes",
        readonly=True,
        help="A log of changes to the indicator and programme lines of a performance "
        "agreement: readable only by those who may read the lines of its bidang.",
    )
    sakip_department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Bidang of the logged lines",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
