"""Read an Odoo test log and judge it.

Usage: python scripts/odoo_test_summary.py LOGFILE ADDON

Prints one line ``odoo: RUN run, PASSED passed, FAILED failed, SKIPPED skipped,
ERRORS unexpected errors`` (plus the offending records) and exits non-zero when
no test of the addon ran, a test failed or was skipped, or Odoo logged an
ERROR/CRITICAL record or a traceback outside a test failure report (for
instance while installing the addon).
"""

import re
import sys

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
TEST_FAILURE = re.compile(r"^(FAIL|ERROR): (?:Subtest )?(?P<test>\S+)")
SKIPPED = re.compile(r"^skipped (?P<test>\S+)")
# Totals Odoo logs at ERROR level that only repeat the per-test failure records.
REPEATS = re.compile(r"^(Module \S+: \d+ failures|\d+ failed, \d+ error\(s\) of \d+ tests)")


def records(lines):
    """Group log lines into (level, logger, text) records; continuation lines
    (tracebacks, multi-line messages) belong to the record above them."""
    current = None
    for line in lines:
        match = RECORD.match(line)
        if match:
            if current:
                yield current
            # Odoo ends each record with a space (before its perf info).
            current = [match["level"], match["logger"], match["message"].rstrip()]
        elif current:
            current[2] += "\n" + line.rstrip("\n")
        elif "Traceback" in line:
            yield ["ERROR", "?", line.rstrip("\n")]
    if current:
        yield current


def summarise(lines, addon):
    tests_logger = f"odoo.addons.{addon}.tests"
    started, failed, skipped, unexpected = set(), set(), {}, []
    for level, logger, text in records(lines):
        ours = logger.startswith(tests_logger)
        if ours and text.startswith("Starting ") and text.endswith(" ..."):
            started.add(text[len("Starting ") : -len(" ...")])
        elif SKIPPED.match(text):
            skipped[SKIPPED.match(text)["test"]] = f"{logger}: {text}"
        elif level in ("ERROR", "CRITICAL") and ours and TEST_FAILURE.match(text):
            failed.add(TEST_FAILURE.match(text)["test"])
        elif (
            level in ("ERROR", "CRITICAL") or "Traceback (most recent call last)" in text
        ) and not REPEATS.match(text):
            unexpected.append(f"{level} {logger}: {text}")
    return started, failed, skipped, unexpected


def main(argv):
    path, addon = argv[1], argv[2]
    with open(path, encoding="utf-8", errors="replace") as handle:
        started, failed, skipped, unexpected = summarise(handle, addon)
    passed = len(started - failed - set(skipped))
    for title, items in (
        ("Failed tests", sorted(failed)),
        ("Skipped tests", list(skipped.values())),
        ("Errors logged outside tests", unexpected),
    ):
        if items:
            print(f"--- {title}:")
            for item in items:
                print("   ", item[:2000])
    print(
        f"odoo: {len(started)} run, {passed} passed, {len(failed)} failed, "
        f"{len(skipped)} skipped, {len(unexpected)} unexpected errors"
    )
    if not started:
        print(f"odoo: no test of {addon} ran", file=sys.stderr)
    ok = started and not failed and not skipped and not unexpected
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
