/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

const CURRENT_STEP = ".o_form_view .o_field_widget[name=current_step_id]";

/**
 * Steps of a phone-sized form: the header buttons are in the cog menu.
 * Complete the current step ``number`` with ``note`` in the step wizard.
 */
function completeStep(number, note) {
    return [
        {
            content: `Step ${number} is the current step`,
            trigger: `${CURRENT_STEP}:contains(${number}.)`,
        },
        {
            content: "Open the actions of the form",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: `Complete step ${number}`,
            trigger: ".o-dropdown--menu button[name=action_step_done_wizard]",
            run: "click",
        },
        {
            content: "Say what was done",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: `edit ${note}`,
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button.btn-primary:contains(Done)",
            run: "click",
        },
        {
            content: `Step ${number} is done`,
            trigger: `body:not(:has(.modal)) ${CURRENT_STEP}:not(:contains(${number}.))`,
        },
    ];
}

registry.category("web_tour.tours").add("sakip_sop_run_tour_secretary", {
    steps: () => [
        ...completeStep(9, "Rancangan akhir disetujui"),
        ...completeStep(10, "Disampaikan kepada Kepala Dinas"),
        {
            content: "Step 11 now waits for the Kepala Dinas",
            trigger: `${CURRENT_STEP}:contains(11.)`,
        },
        {
            content: "The Sekretaris may not do step 11: no Done action for her",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu:not(:has(button[name=action_step_done_wizard]))",
        },
    ],
});

registry.category("web_tour.tours").add("sakip_sop_run_tour_head", {
    steps: () => [
        ...completeStep(11, "Ditandatangani"),
        {
            content: "Step 12 goes to the planning team",
            trigger: `${CURRENT_STEP}:contains(12.)`,
        },
    ],
});

registry.category("web_tour.tours").add("sakip_sop_run_views_tour", {
    steps: () => [
        {
            content: "The runs' kanban is grouped by current step",
            trigger: ".o_kanban_view .o_kanban_group:has(.o_kanban_record) .o_column_title:contains(9.)",
        },
        {
            content: "Open the run",
            trigger: ".o_kanban_view .o_kanban_record:contains(PPK/)",
            run: "click",
        },
        {
            content: "The form shows the 14 steps as a timeline",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:eq(13):contains(14)",
        },
        {
            content: "Step 9 is in progress",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:contains(In progress) td[name=sequence]:contains(9)",
        },
        {
            content: "Open the step analysis",
            trigger: ".o_main_navbar .dropdown-toggle:contains(Processes)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains(Step Analysis)",
            run: "click",
        },
        {
            content: "The pivot compares norm and working time per step",
            trigger: ".o_pivot thead:contains(Norm (h)):contains(Worked (h))",
        },
    ],
});
