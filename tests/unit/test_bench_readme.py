"""Tests of scripts/bench_readme.py (`make bench-readme`) and of the table
of scripts/bench.py (`make bench`)."""

import pytest

from scripts import bench
from scripts.bench_readme import BEGIN, END, regenerate

README = f"# Title\n\n## Cost\n\nIntro.\n\n{BEGIN}\n| old | table |\n{END}\n\n## Next\n\nText.\n"


def test_tables_replace_what_is_between_the_markers():
    result = regenerate(README, "| new | table |\n|---|---|\n")
    assert result == (
        f"# Title\n\n## Cost\n\nIntro.\n\n{BEGIN}\n| new | table |\n|---|---|\n{END}"
        "\n\n## Next\n\nText.\n"
    )
    # Again with the same tables: nothing changes.
    assert regenerate(result, "| new | table |\n|---|---|") == result


@pytest.mark.parametrize(
    "readme",
    ["no markers", f"{BEGIN}\n{BEGIN}\n{END}", f"{END}\n{BEGIN}", f"{BEGIN} only"],
)
def test_missing_or_misplaced_markers_are_refused(readme):
    with pytest.raises(SystemExit, match="once each"):
        regenerate(readme, "| t |")


def test_table_has_one_column_per_size_and_the_goal():
    figures = {
        "Run list, 80 rows": {100: "18 q · 60.4 ms", 1000: "18 q · 71.0 ms"},
        "Other": {100: "1 q"},
    }
    assert bench.table([100, 1000], figures).splitlines() == [
        "| Measure | N = 100 | N = 1,000 | Goal (issue 12) |",
        "|---|---:|---:|---|",
        "| Run list, 80 rows | 18 q · 60.4 ms | 18 q · 71.0 ms | flat, ≤ 25 q |",
        "| Other | 1 q |  |  |",
    ]
