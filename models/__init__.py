# isort: off
# Mixins first: Odoo registers models in import order, and the models
# below inherit them.
from . import (
    sakip_workflow_owned_mixin,
    sakip_document_link_mixin,
    sakip_pk_line_mixin,
    sakip_signature_mixin,
    sakip_sop_document_mixin,
    sakip_verifiable_mixin,
)

# isort: on
from . import (
    hr_department,
    hr_employee,
    ir_actions_report,
    ir_attachment,
    ir_http,
    mail_activity,
    mail_message,
    res_company,
    res_config_settings,
    resource_calendar,
    sakip_letter,
    sakip_letter_type,
    sakip_pk,
    sakip_pk_indicator,
    sakip_pk_program,
    sakip_pk_sop_client,
    sakip_pk_submission,
    sakip_sop,
    sakip_sop_actor,
    sakip_sop_run,
    sakip_sop_run_meeting,
    sakip_sop_run_step,
    sakip_sop_run_step_reminders,
    sakip_sop_run_step_routing,
    sakip_sop_run_step_transitions,
    sakip_sop_step,
    sakip_sop_step_output,
    sakip_sop_step_pk,
)
