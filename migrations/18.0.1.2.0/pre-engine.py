# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0, before the models load: the run's disposition becomes the
generic order a run starts with (``start_text``, ``start_file``,
``start_filename``). The columns, the scanned files (attachments of the binary
field) and the field definitions are renamed, so that no data is lost."""

import logging

from psycopg2 import sql

_logger = logging.getLogger(__name__)

MODULE = "sakip_penetapan_kinerja"
MODEL = "sakip.sop.run"
TABLE = "sakip_sop_run"
#: Old field name -> new field name on sakip.sop.run.
RENAMED = {
    "disposition_text": "start_text",
    "disposition_file": "start_file",
    "disposition_filename": "start_filename",
}


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED.items():
        if _column_exists(cr, TABLE, old) and not _column_exists(cr, TABLE, new):
            cr.execute(
                sql.SQL("ALTER TABLE {} RENAME COLUMN {} TO {}").format(
                    sql.Identifier(TABLE), sql.Identifier(old), sql.Identifier(new)
                )
            )
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            (new, MODEL, old),
        )
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND model = 'ir.model.fields' "
            "AND name = %s",
            (f"field_sakip_sop_run__{new}", MODULE, f"field_sakip_sop_run__{old}"),
        )
    # The scanned disposition sheets: attachments of the binary field.
    cr.execute(
        "UPDATE ir_attachment SET res_field = %s WHERE res_model = %s AND res_field = %s",
        ("start_file", MODEL, "disposition_file"),
    )
    _logger.info("SOP runs: %s scanned orders kept under start_file", cr.rowcount)
