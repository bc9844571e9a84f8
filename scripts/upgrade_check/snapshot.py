# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What an upgrade must keep: one JSON-able picture of the records the upgrade
test cares about, read the same way before (old code) and after (new code).

Imported by old_data.py and check.py inside ``odoo shell``; it only reads
fields that exist in both versions (the engine's and the agreement's core
fields), by SQL where a model may be renamed or split, so that the picture
does not depend on the code reading it.
"""

import hashlib

from psycopg2 import sql

#: Tables counted (row counts) before and after.
COUNTED = (
    "sakip_pk",
    "sakip_pk_indicator",
    "sakip_pk_program",
    "sakip_pk_submission",
    "sakip_sop",
    "sakip_sop_step",
    "sakip_sop_actor",
    "sakip_sop_run",
    "sakip_sop_run_step",
    "sakip_letter",
    "sakip_letter_type",
    "calendar_event",
)

#: table -> columns compared row by row (ordered by id).
ROWS = {
    "sakip_pk": (
        "id",
        "name",
        "fiscal_year",
        "state",
        "first_party_id",
        "second_party_id",
        "signed_by_id",
        "sign_date",
        "signed_at",
        "copy_count",
        "distributed_at",
        "cover_letter_id",
        "record_attachment_id",
        "record_sha256",
        "verify_token",
    ),
    "sakip_pk_indicator": ("id", "pk_id", "department_id", "name", "uom", "target"),
    "sakip_pk_program": ("id", "pk_id", "department_id", "name", "budget"),
    "sakip_pk_submission": (
        "id",
        "pk_id",
        "run_id",
        "step_id",
        "department_id",
        "state",
        "submitted_by_id",
        "date_submitted",
        "format_attachment_id",
        "file_attachment_id",
    ),
    "sakip_sop_run": (
        "id",
        "name",
        "sop_id",
        "res_model",
        "res_id",
        "state",
        "active",
        "date_start",
        "date_done",
        "send_back_count",
        "current_step_id",
    ),
    "sakip_sop_run_step": (
        "id",
        "run_id",
        "sop_step_id",
        "sequence",
        "iteration",
        "state",
        "done_by_id",
        "date_start",
        "date_deadline",
        "date_done",
        "quantity",
    ),
    "sakip_letter": (
        "id",
        "name",
        "letter_type_id",
        "seq_number",
        "state",
        "date",
        "record_attachment_id",
        "record_sha256",
        "verify_token",
    ),
}

#: Models whose messages and attachments are counted.
MODELS = (
    "sakip.pk",
    "sakip.pk.submission",
    "sakip.sop.run",
    "sakip.sop.run.step",
    "sakip.letter",
)


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {row[0] for row in cr.fetchall()}


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return round(value, 6)
    return str(value)


def take(env):
    """The picture of the database ``env`` works on (a dict of plain values)."""
    cr = env.cr
    env.flush_all()
    snap = {"counts": {}, "rows": {}, "missing_columns": {}}
    for table in COUNTED:
        cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        snap["counts"][table] = cr.fetchone()[0]
    for table, wanted in ROWS.items():
        present = _columns(cr, table)
        columns = [c for c in wanted if c in present]
        missing = [c for c in wanted if c not in present]
        if missing:
            snap["missing_columns"][table] = missing
        cr.execute(
            sql.SQL("SELECT {} FROM {} ORDER BY id").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
            )
        )
        snap["rows"][table] = [
            {col: _jsonable(val) for col, val in zip(columns, row, strict=True)}
            for row in cr.fetchall()
        ]
    cr.execute(
        """
        SELECT model, message_type, count(*) FROM mail_message
         WHERE model IN %s GROUP BY model, message_type ORDER BY model, message_type
        """,
        [MODELS],
    )
    snap["messages"] = [list(row) for row in cr.fetchall()]
    cr.execute("SELECT count(*) FROM mail_message")
    snap["counts"]["mail_message"] = cr.fetchone()[0]
    # Every attachment of the addon's records (wherever a migration moved it
    # since: its id, name, size and content are what must stay).
    cr.execute(
        """
        SELECT id, name, checksum, file_size, mimetype FROM ir_attachment
         WHERE res_model IN %s ORDER BY id
        """,
        [MODELS],
    )
    snap["attachments"] = [list(row) for row in cr.fetchall()]
    # The documents of record: the content behind each hash, read from the filestore.
    records = {}
    for table in ("sakip_pk", "sakip_letter"):
        for row in snap["rows"][table]:
            if row.get("record_attachment_id"):
                att = env["ir.attachment"].sudo().browse(row["record_attachment_id"])
                records[f"{table}/{row['id']}"] = {
                    "attachment_id": att.id,
                    "stored_sha256": row["record_sha256"],
                    "file_sha256": hashlib.sha256(att.raw or b"").hexdigest(),
                    "checksum": att.checksum,
                }
    snap["documents_of_record"] = records
    return snap


def compare(before, after, path=""):
    """The differences between two pictures, as readable lines."""
    out = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key not in after:
                out.append(f"{path}/{key}: gone (was {str(before[key])[:200]})")
            elif key not in before:
                out.append(f"{path}/{key}: new ({str(after[key])[:200]})")
            else:
                out += compare(before[key], after[key], f"{path}/{key}")
    elif isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            out.append(f"{path}: {len(before)} items before, {len(after)} after")
        for index, (b, a) in enumerate(zip(before, after, strict=False)):
            out += compare(b, a, f"{path}[{index}]")
    elif before != after:
        out.append(f"{path}: {str(before)[:200]} -> {str(after)[:200]}")
    return out
