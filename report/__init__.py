from . import (
    sakip_pk_action_xlsx,
    sakip_pk_lkjip_xlsx,
    sakip_pk_measurement_xlsx,
    sakip_pk_xlsx,
    sakip_sop_run_xlsx,
)
