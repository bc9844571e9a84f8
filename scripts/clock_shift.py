"""Run a Python program with its clock shifted: ``clock_shift.py PROGRAM ARGS...``.

The clock starts at ``SAKIP_TEST_CLOCK`` (a UTC moment, e.g. "2026-12-31 17:30:00")
and runs on from there (freezegun, ticking). Used by ``make test`` and
``make test-odoo`` when ``SAKIP_TEST_CLOCK`` is set, to prove that no test
depends on the day or the hour it runs (see README, "Tests at any hour").
The PostgreSQL cluster is shifted the same way by libfaketime (scripts/pg.sh).
"""

import logging
import os
import runpy
import sys
import time

import freezegun


def main():
    program, *args = sys.argv[1:]
    freezegun.freeze_time(os.environ["SAKIP_TEST_CLOCK"], tick=True).start()
    # freezegun puts its localtime, a plain function, on the logging formatter
    # class, where it would be called as a method: log lines in shifted time.
    logging.Formatter.converter = staticmethod(time.localtime)
    sys.argv = [program, *args]
    runpy.run_path(program, run_name="__main__")


if __name__ == "__main__":
    main()
