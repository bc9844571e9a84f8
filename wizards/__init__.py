from . import sakip_sop_run_step_wizard
