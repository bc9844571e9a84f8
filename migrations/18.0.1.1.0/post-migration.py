# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: what existing databases keep of the integrity rules.

- Documents of record made before become immutable like the new ones: flag
  the attachment each verifiable record points to.
- Each bidang's collection files (its format, its filled workbook) belong to
  its submission, so that only those who may read the submission read them.
- The line-change notes posted on agreements before mixed every bidang's lines
  in one message: they become readable by Tim Perencanaan, the Sekretaris and
  the Kepala only (as the new notes of lines without a bidang); none is removed.
- The outputs a step required by file name (``required_attachment_names``,
  e.g. "Berita Acara, Notula") become its named outputs, one file each: on the
  SOP steps, and on the steps of the runs (with the file already attached
  under that name, if any). The seeded instructions that asked to attach what
  the system makes are replaced.
- The step list is ordered on the step's own copy of its run's start date
  (``run_date_start``): filled in one statement for the existing steps.
"""

import json
import logging

from lxml import etree
from psycopg2 import sql

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path

_logger = logging.getLogger(__name__)


#: The title of the old line-change notes, as posted in English or Indonesian.
LINE_LOG_TITLES = (
    "Indicator and programme lines changed:",
    "Baris indikator dan program yang berubah:",
)


def migrate(cr, version):
    if not version:
        return
    _flag_documents_of_record(cr)
    _collection_files_to_their_submission(cr)
    _restrict_old_line_logs(cr)
    _required_names_to_outputs(cr)
    _seeded_instructions(cr)
    _steps_run_date_start(cr)


def _collection_files_to_their_submission(cr):
    cr.execute(
        """
        UPDATE ir_attachment a
           SET res_model = 'sakip.pk.submission', res_id = s.id
          FROM sakip_pk_submission s
         WHERE a.id IN (s.format_attachment_id, s.file_attachment_id)
           AND (a.res_model IS DISTINCT FROM 'sakip.pk.submission' OR a.res_id <> s.id)
        """
    )
    _logger.info("%s collection files moved to their submission", cr.rowcount)


def _restrict_old_line_logs(cr):
    cr.execute(
        """
        UPDATE mail_message
           SET sakip_line_log = TRUE, sakip_department_id = NULL
         WHERE model = 'sakip.pk'
           AND sakip_line_log IS NOT TRUE
           AND (body::text LIKE %s OR body::text LIKE %s)
        """,
        tuple(f"%{title}%" for title in LINE_LOG_TITLES),
    )
    _logger.info("%s line-change notes restricted to the planning roles", cr.rowcount)


def _flag_documents_of_record(cr):
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


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.rowcount)


def _split_names(names):
    return [name.strip() for name in (names or "").split(",") if name.strip()]


def _required_names_to_outputs(cr):
    """``required_attachment_names`` -> named outputs (required), on the SOP
    steps that have none yet (the seeded step 5 got its own from the data)
    and on the steps of the runs."""
    if _column_exists(cr, "sakip_sop_step", "required_attachment_names"):
        cr.execute(
            """
            SELECT s.id, s.required_attachment_names
              FROM sakip_sop_step s
             WHERE COALESCE(s.required_attachment_names, '') <> ''
               AND NOT EXISTS (SELECT 1 FROM sakip_sop_step_output o WHERE o.step_id = s.id)
            """
        )
        rows = [
            (step_id, index, name)
            for step_id, names in cr.fetchall()
            for index, name in enumerate(dict.fromkeys(_split_names(names)), start=1)
        ]
        for step_id, sequence, name in rows:
            cr.execute(
                """
                INSERT INTO sakip_sop_step_output
                       (step_id, sequence, name, required, create_uid, write_uid,
                        create_date, write_date)
                VALUES (%s, %s, %s, TRUE, %s, %s, now() at time zone 'UTC',
                        now() at time zone 'UTC')
                """,
                (step_id, sequence, name, SUPERUSER_ID, SUPERUSER_ID),
            )
        _logger.info("%s named outputs made from required attachment names", len(rows))
    if not _column_exists(cr, "sakip_sop_run_step", "required_attachment_names"):
        return
    cr.execute(
        """
        SELECT s.id, s.required_attachment_names,
               ARRAY_REMOVE(ARRAY_AGG(a.id ORDER BY a.id), NULL),
               ARRAY_REMOVE(ARRAY_AGG(a.name ORDER BY a.id), NULL)
          FROM sakip_sop_run_step s
          LEFT JOIN sakip_sop_run_step_attachment_rel r ON r.step_id = s.id
          LEFT JOIN ir_attachment a ON a.id = r.attachment_id
         WHERE COALESCE(s.required_attachment_names, '') <> ''
           AND s.output_slots IS NULL
         GROUP BY s.id, s.required_attachment_names
        """
    )
    count = 0
    for step_id, names, attachment_ids, attachment_names in cr.fetchall():
        slots = []
        for name in dict.fromkeys(_split_names(names)):
            slot = {"name": name, "required": True}
            # The file attached before under that name fills the output.
            for att_id, att_name in zip(attachment_ids, attachment_names, strict=False):
                if name.lower() in (att_name or "").lower():
                    slot["attachment_id"] = att_id
                    break
            slots.append(slot)
        cr.execute(
            "UPDATE sakip_sop_run_step SET output_slots = %s WHERE id = %s",
            (json.dumps(slots), step_id),
        )
        count += 1
    _logger.info("%s run steps given their named outputs", count)


#: Seeded instructions (step xmlid -> old text) that asked to attach what the
#: system makes, or mentioned a deadline that existed nowhere.
OLD_INSTRUCTIONS = {
    "sop_penyusunan_pk_step_02": "Susun format pengumpulan data dan informasi Penetapan "
    "Kinerja (sasaran, indikator, target, program dan anggaran) untuk setiap bidang dan "
    "sekretariat. Lampirkan formatnya.",
    "sop_penyusunan_pk_step_03": "Sampaikan format pengumpulan data kepada setiap bidang dan "
    "sekretariat, dengan batas waktu pengisian.",
    "sop_penyusunan_pk_step_04": "Siapkan undangan rapat pembahasan Penetapan Kinerja untuk "
    "Kepala Dinas serta pejabat Eselon III dan IV (ditandatangani Sekretaris Dinas). "
    "Lampirkan surat undangan.",
    "sop_penyusunan_pk_step_05": "Laksanakan rapat pembahasan Penetapan Kinerja. Lampirkan "
    "Berita Acara Rapat dan Notula Rapat sebelum menyelesaikan langkah ini.",
}


def _seeded_instructions(cr):
    """Give the seeded steps the new instructions of the data file, where an
    administrator has not changed the old ones (the data file is noupdate)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = 0
    for xmlid, old in OLD_INSTRUCTIONS.items():
        step = env.ref(f"sakip_penetapan_kinerja.{xmlid}", raise_if_not_found=False)
        if not step or (step.instructions or "").strip() != old:
            continue
        new = _data_instructions(xmlid)
        if new:
            cr.execute("UPDATE sakip_sop_step SET instructions = %s WHERE id = %s", (new, step.id))
            count += 1
    _logger.info("%s seeded step instructions updated", count)


def _data_instructions(xmlid):
    """The instructions of ``xmlid`` in data/sakip_pk_sop_data.xml."""
    path = file_path("sakip_penetapan_kinerja/data/sakip_pk_sop_data.xml")
    tree = etree.parse(path)
    found = tree.xpath(f"//record[@id='{xmlid}']/field[@name='instructions']")
    return (found[0].text or "").strip() if found else ""


def _steps_run_date_start(cr):
    cr.execute(
        """
        UPDATE sakip_sop_run_step s
           SET run_date_start = r.date_start
          FROM sakip_sop_run r
         WHERE r.id = s.run_id
           AND s.run_date_start IS DISTINCT FROM r.date_start
        """
    )
    _logger.info("%s steps given their run's start date", cr.rowcount)
