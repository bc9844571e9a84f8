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
- The step list is ordered on the step's own copy of its run's start date
  (``run_date_start``): filled in one statement for the existing steps.
"""

import logging

from psycopg2 import sql

from odoo import SUPERUSER_ID, api

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
