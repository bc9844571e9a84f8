from . import sakip_pk_xlsx, sakip_sop_run_xlsx
