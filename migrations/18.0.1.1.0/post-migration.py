# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Documents of record made before 18.0.1.1.0 become immutable like the new
ones: flag the attachment each verifiable record points to."""

import logging

from psycopg2 import sql

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    mixin = env.registry["sakip.verifiable.mixin"]
    tables = [
        model._table
        for model in env.registry.values()
        if issubclass(model, mixin) and not (model._abstract or model._transient)
    ]
    if not tables:
        return
    # One statement: the attachments referenced as document of record by any
    # verifiable model.
    sources = sql.SQL(" UNION ").join(
        sql.SQL(
            "SELECT record_attachment_id FROM {} WHERE record_attachment_id IS NOT NULL"
        ).format(sql.Identifier(table))
        for table in tables
    )
    cr.execute(
        sql.SQL(
            "UPDATE ir_attachment SET sakip_of_record = TRUE "
            "WHERE id IN ({}) AND sakip_of_record IS NOT TRUE"
        ).format(sources)
    )
    _logger.info("%s documents of record flagged immutable", cr.rowcount)
    env["ir.attachment"].invalidate_model(["sakip_of_record"])
