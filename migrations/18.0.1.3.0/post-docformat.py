# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.3.0: the per-office format of the Perjanjian Kinerja.

New offices print the statement page with the emblem centred above the title
(PermenPANRB 53/2014). The offices of an existing database printed it on their
letterhead: they keep doing so until they change it in Settings > SAKIP. The
other new columns (party labels, statement, font, unit, "Rp.", the printed
rank, Plt./Plh.) take their defaults, which print as before.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE res_company SET sakip_pk_heading = 'letterhead'")
    _logger.info("Agreement heading kept as the letterhead for %s office(s)", cr.rowcount)
