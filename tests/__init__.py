from . import test_access, test_people, test_pk, test_sop, test_sop_tour
