# isort: off
# The SOP step wizard first: the agreement's extension inherits it.
from . import sakip_sop_run_step_wizard

# isort: on
from . import (
    sakip_letter_cancel_wizard,
    sakip_pk_collection_close_wizard,
    sakip_pk_measurement_part_return_wizard,
    sakip_pk_sop_step_wizard,
    sakip_pk_submission_return_wizard,
    sakip_pk_submission_upload_wizard,
    sakip_signing_wizard,
    sakip_sop_copy_wizard,
    sakip_sop_meeting_wizard,
    sakip_sop_run_step_wizard_output,
)
