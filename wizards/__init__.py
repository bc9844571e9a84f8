from . import (
    sakip_letter_cancel_wizard,
    sakip_sop_meeting_wizard,
    sakip_sop_run_step_wizard,
)
