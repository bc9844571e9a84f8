from . import (
    test_access,
    test_people,
    test_pk,
    test_pk_sop_run,
    test_pk_tour,
    test_sop,
    test_sop_run_concurrency,
    test_sop_run_flow,
    test_sop_run_tour,
    test_sop_run_worktime,
    test_sop_tour,
    test_translation,
)
