from . import (
    hr_department,
    hr_employee,
    res_company,
    res_config_settings,
    sakip_pk,
    sakip_pk_indicator,
    sakip_pk_program,
    sakip_sop,
    sakip_sop_actor,
    sakip_sop_step,
)
