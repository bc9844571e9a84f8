# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""`make bench-readme`: copy the tables of the last `make bench` (.run/bench.md,
or the file given) into README.md, between the markers ``<!-- bench -->`` and
``<!-- /bench -->`` of its cost section. Nothing else of the README changes.

Usage: ``.venv/bin/python scripts/bench_readme.py [path/to/bench.md]``
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench -->", "<!-- /bench -->"


def regenerate(readme, tables):
    """``readme`` with ``tables`` between the markers (which must be there once)."""
    if (
        readme.count(BEGIN) != 1
        or readme.count(END) != 1
        or readme.index(BEGIN) > readme.index(END)
    ):
        raise SystemExit(
            f"README.md needs the markers {BEGIN} and {END}, once each, in this order."
        )
    head, rest = readme.split(BEGIN)
    _old, tail = rest.split(END)
    return f"{head}{BEGIN}\n{tables.strip()}\n{END}{tail}"


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".run" / "bench.md"
    if not source.is_file():
        raise SystemExit(f"{source} is missing: run `make bench` first.")
    readme = ROOT / "README.md"
    readme.write_text(regenerate(readme.read_text(), source.read_text()))
    sys.stderr.write(f"README.md: cost section regenerated from {source}\n")


if __name__ == "__main__":
    main()
