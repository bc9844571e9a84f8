/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * Each role finds its next action as a visible header button of the form, on a
 * phone (the thumb bar, without opening ⚙) and on a desktop, and is not
 * offered the buttons it may not use (tests/test_action_bar_tour.py). */
import {registry} from "@web/core/registry";

const HEADER = ".o_form_view .o_form_statusbar";
const COG = ".o_control_panel .o_cp_action_menus button:has(.fa-cog)";
/** Actions of the ⚙ menu nobody but the engine may do on a run. */
const FORBIDDEN_MENU_ITEMS = ["Archive", "Unarchive", "Duplicate"];

function isPhone() {
    return window.innerWidth < 768;
}

/** The user's next action ``name`` is the first (primary) button of the header. */
function nextAction(name) {
    const where = isPhone()
        ? `${HEADER} .o_sakip_thumb_bar`
        : `${HEADER} .o_statusbar_buttons`;
    return [
        {
            content: `The next action ${name} is in view, without opening ⚙`,
            trigger: `${where} > button.btn-primary[name=${name}]:first-child`,
        },
    ];
}

/** None of ``names`` is offered in the form's header. */
function noButtons(...names) {
    const selector = names.map((name) => `button[name=${name}]`).join(", ");
    return [
        {
            content: `Not offered: ${names.join(", ")}`,
            trigger: `${HEADER}:not(:has(${selector}))`,
        },
    ];
}

/** No New button, and ⚙ offers neither Archive, Unarchive nor Duplicate (nor ``names``). */
function noForbiddenMenus(...names) {
    const hidden = names.map((name) => `:not(:has(button[name=${name}]))`).join("");
    const labels = FORBIDDEN_MENU_ITEMS.map((label) => `:not(:contains(${label}))`).join("");
    return [
        {
            content: "No New button",
            trigger: ".o_control_panel:not(:has(.o_form_button_create))",
        },
        {
            content: "Open ⚙",
            trigger: COG,
            run: "click",
        },
        {
            content: "⚙ offers nothing that would end in an error",
            trigger: `.o-dropdown--menu:has(.o-dropdown-item)${labels}${hidden}`,
        },
        {
            content: "Close ⚙",
            trigger: COG,
            run: "click",
        },
        {
            trigger: "body:not(:has(.o-dropdown--menu))",
        },
    ];
}

registry.category("web_tour.tours").add("sakip_action_bar_not_mine", {
    steps: () => [
        {
            content: "The run waits for someone else",
            trigger: ".o_form_view .o_field_widget[name=current_step_id]",
        },
        ...noButtons("action_step_done_wizard", "action_step_skip_wizard", "action_cancel"),
        ...noForbiddenMenus("action_step_done_wizard", "action_step_skip_wizard"),
    ],
});

/** The user completes step ``number`` from the header button at hand. */
function completeStep(number) {
    const current = ".o_form_view .o_field_widget[name=current_step_id]";
    return [
        {
            content: `Step ${number} is the current step`,
            trigger: `${current}:contains(${number}.)`,
        },
        ...nextAction("action_step_done_wizard"),
        ...noButtons("action_step_skip_wizard", "action_cancel", "action_start"),
        ...noForbiddenMenus("action_step_skip_wizard", "action_cancel"),
        {
            content: "Tap the next action",
            trigger: `${HEADER} button.btn-primary[name=action_step_done_wizard]:first-child`,
            run: "click",
        },
        {
            content: "Say what was done",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Dikerjakan dari tombol",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button.btn-primary:contains(Done)",
            run: "click",
        },
        {
            content: `Step ${number} is done`,
            trigger: `body:not(:has(.modal)) ${current}:not(:contains(${number}.))`,
        },
    ];
}

registry.category("web_tour.tours").add("sakip_action_bar_secretary", {
    steps: () => completeStep(9),
});

registry.category("web_tour.tours").add("sakip_action_bar_head", {
    steps: () => completeStep(11),
});

registry.category("web_tour.tours").add("sakip_action_bar_planner_agreement", {
    steps: () => [
        ...nextAction("action_open_collection_close_wizard"),
        ...noButtons("action_start_sop_run", "action_revise", "action_sop_step_done_wizard"),
    ],
});

registry.category("web_tour.tours").add("sakip_action_bar_bidang_submission", {
    steps: () => [
        ...nextAction("action_submit"),
        {
            content: "Uploading a file is at hand too",
            trigger: `${HEADER} button[name=action_open_upload_wizard]`,
        },
        ...noButtons("action_open_return_wizard"),
    ],
});

registry.category("web_tour.tours").add("sakip_action_bar_bidang_agreement", {
    steps: () => [
        {
            content: "The agreement is open",
            trigger: ".o_form_view .o_field_widget[name=fiscal_year]",
        },
        ...noButtons(
            "action_start_sop_run",
            "action_revise",
            "action_open_collection_close_wizard",
            "action_sop_step_done_wizard"
        ),
    ],
});

registry.category("web_tour.tours").add("sakip_action_bar_bidang_programme", {
    steps: () => [
        {
            content: "The programme belongs to the 2026 agreement",
            trigger: ".o_form_view .o_field_widget[name=pk_id] input",
            run: "edit 2026",
        },
        {
            trigger: ".o_field_widget[name=pk_id] .o-autocomplete--dropdown-menu .dropdown-item:contains(2026)",
            run: "click",
        },
        {
            content: "The agreement is chosen",
            trigger: ".o_field_widget[name=pk_id] input:value(PK 2026)",
        },
        {
            content: "Choose the bidang of a new programme",
            trigger: ".o_form_view .o_field_widget[name=department_id] input",
            run: "click",
        },
        {
            content: "Only the user's own bidang is offered",
            trigger: ".o_field_widget[name=department_id] .o-autocomplete--dropdown-menu:contains(Bidang SD):not(:contains(Bidang SMP))",
        },
        {
            content: "Leave the new programme unsaved",
            trigger: ".o_control_panel .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: ".o_control_panel:not(:has(.o_form_button_cancel:visible))",
        },
    ],
});
