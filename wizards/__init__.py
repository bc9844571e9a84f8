from . import sakip_sop_run_step_wizard
from . import sakip_pk_collection_close_wizard
from . import sakip_pk_submission_return_wizard
from . import sakip_pk_submission_upload_wizard
