/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * The human part of a whole run of the agreement's SOP, one tour per user
 * segment, each from the user's home ("My work"): the Kepala Dinas and the
 * Sekretaris on a phone, the planner and the bidang on a desktop
 * (tests/test_whole_run_tour.py drives them against one run). */
import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

const HOME = ".o_sakip_my_work";
const ITEM = `${HOME} .o_sakip_work_item`;
const HEADER = ".o_form_view .o_form_statusbar";
const CURRENT_STEP = ".o_form_view .o_field_widget[name=current_step_id]";
/** The prepared file the bidang picks "on its disk" (see the Python test). */
const PREPARED_FILE = "sakip_whole_run_tour_filled.xlsx";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The home's item of step ``number``. */
function stepItem(number) {
    return `${ITEM}.o_sakip_work_step:has(.o_sakip_work_title:contains(${number}.))`;
}

/** The header button ``name`` at hand: in the thumb bar on a phone, never in ⚙. */
function headerButton(name) {
    const where =
        window.innerWidth < 768 ? `${HEADER} .o_sakip_thumb_bar` : `${HEADER} .o_statusbar_buttons`;
    return `${where} button[name=${name}]:visible`;
}

/** From the home, the item's one-tap action completes step ``number``. */
function doneFromHome(number, {quantity, preview} = {}) {
    const steps = [
        {
            content: `Home: step ${number} is at hand, with its Done button`,
            trigger: `body:not(:has(.modal)) ${stepItem(number)} button.o_sakip_work_act:visible:contains(Done)`,
            run: "click",
        },
    ];
    if (preview) {
        steps.push({
            content: "The dialog shows what will be sent",
            trigger: `.modal .o_field_widget[name=preview]:contains(${preview})`,
        });
    }
    if (quantity) {
        steps.push({
            content: "How many copies",
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: `edit ${quantity}`,
        });
    }
    steps.push(
        {
            content: "Say what was done",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: `edit Langkah ${number} selesai`,
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button.btn-primary:contains(Done)",
            run: "click",
        },
        {
            content: `Back home: step ${number} is no longer open work`,
            trigger: `body:not(:has(.modal)) ${HOME}:not(:has(${stepItem(number)}))`,
        }
    );
    return steps;
}

/** The signing screen, opened from the home's item ``item``: sign there.
 * ``effect``: words of what signing does, as the screen says it. */
function signFromHome(item, what, effect) {
    return [
        {
            content: `Home: ${what} waits for the signature`,
            trigger: `${item} button.o_sakip_work_act:visible:contains(Sign)`,
            run: "click",
        },
        {
            content: "The signing screen says what signing does",
            trigger: `.modal .o_sakip_signing .alert:contains(${effect})`,
        },
        {
            content: "The document's pages are shown as images",
            trigger: ".modal .o_sakip_signing_pages img.o_sakip_signing_page",
        },
        {
            content: "The date of signing is shown",
            trigger: ".modal .o_field_widget[name=sign_date]:visible",
        },
        {
            content: "Sign",
            trigger: ".modal .modal-footer button[name=action_sign]:visible",
            run: "click",
        },
        {
            content: "A notification confirms the signature, the document one tap away",
            trigger: ".o_notification:contains(is signed) a[href^='/sakip/document/']",
        },
    ];
}

/** Back to the home through the breadcrumb. */
function backHome() {
    return [
        {
            content: "Back to My work",
            trigger: "body:not(:has(.modal)) .o_breadcrumb .o_back_button, body:not(:has(.modal)) .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            trigger: HOME,
        },
    ];
}

registry.category("web_tour.tours").add("sakip_whole_run_head_order", {
    steps: () => [
        {
            content: "Nothing to act on yet: the agreements are one tap away from home",
            trigger: `${HOME} button.o_sakip_agreements`,
            run: "click",
        },
        {
            content: "Open the 2026 agreement",
            trigger: ".o_data_row:contains(2026) .o_data_cell:first, .o_kanban_record:contains(2026)",
            run: "click",
        },
        {
            content: "Order the SOP process: the button is at hand",
            trigger: headerButton("action_start_sop_run"),
            run: "click",
        },
        {
            content: "The run's order",
            trigger: ".o_notebook .nav-link:contains(Order)",
            run: "click",
        },
        {
            content: "Write the order",
            trigger: ".o_field_widget[name=start_text] .odoo-editor-editable",
            run: "editor Susun Perjanjian Kinerja 2026 sesuai SOP.",
        },
        {
            content: "Start the run",
            trigger: headerButton("action_start"),
            run: "click",
        },
        {
            content: "Step 2 now waits for the planning team",
            trigger: `${CURRENT_STEP}:contains(2.)`,
        },
    ],
});

registry.category("web_tour.tours").add("sakip_whole_run_planner_2_5", {
    steps: () => [...doneFromHome(2), ...doneFromHome(3), ...doneFromHome(4), ...doneFromHome(5)],
});

/** The file the Python test prepared, as a browser File chosen on the user's disk. */
async function preparedFile() {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", PREPARED_FILE]], ["datas"]],
        kwargs: {},
    });
    const bytes = Uint8Array.from(atob(attachment.datas), (char) => char.charCodeAt(0));
    return new File([bytes], "format_bidang_sd.xlsx", {type: XLSX_TYPE});
}

registry.category("web_tour.tours").add("sakip_whole_run_bidang", {
    steps: () => [
        {
            content: "Home: the bidang's submission to fill",
            trigger: `${ITEM}.o_sakip_work_submission:contains(Bidang SD) button.o_sakip_work_act:contains(Fill in)`,
            run: "click",
        },
        {
            content: "Upload the filled collection file",
            trigger: headerButton("action_open_upload_wizard"),
            run: "click",
        },
        {
            content: "Choose the file",
            trigger: ".modal .o_field_widget[name=file]",
            async run() {
                await inputFiles(".modal .o_field_widget[name=file] .o_input_file", [
                    await preparedFile(),
                ]);
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name=file] input.o_input:value(format_bidang_sd.xlsx)",
        },
        {
            content: "Check it",
            trigger: ".modal .modal-footer button[name=action_preview]",
            run: "click",
        },
        {
            content: "See what it adds",
            trigger: ".modal .o_field_widget[name=preview_html]:contains(Added)",
        },
        {
            content: "Replace the lines and submit",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The submission is accepted",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
        ...backHome(),
        {
            content: "Nothing left for the bidang",
            trigger: `${HOME} .o_sakip_my_work_empty`,
        },
    ],
});

registry.category("web_tour.tours").add("sakip_whole_run_planner_7_8", {
    steps: () => [...doneFromHome(7), ...doneFromHome(8)],
});

registry.category("web_tour.tours").add("sakip_whole_run_secretary_send_back", {
    steps: () => [
        {
            content: "Home: step 9 is hers; open its run to read the draft",
            trigger: `${stepItem(9)} .o_sakip_work_open`,
            run: "click",
        },
        {
            content: "Step 9 is the run's current step",
            trigger: `${CURRENT_STEP}:contains(9.)`,
        },
        {
            content: "Send it back: the button is at hand",
            trigger: headerButton("action_step_send_back_wizard"),
            run: "click",
        },
        {
            content: "The dialog names the step it returns to",
            trigger: ".modal .o_field_widget[name=send_back_target]:contains(Back to)",
        },
        {
            content: "Why it goes back",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Selaraskan dengan Renstra.",
        },
        {
            content: "Send back",
            trigger: ".modal .modal-footer button.btn-primary:contains(Send back)",
            run: "click",
        },
        {
            content: "Step 8 is current again",
            trigger: `body:not(:has(.modal)) ${CURRENT_STEP}:contains(8.)`,
        },
        ...backHome(),
        {
            content: "Nothing waits for her now",
            trigger: `${HOME} .o_sakip_my_work_empty`,
        },
    ],
});

registry.category("web_tour.tours").add("sakip_whole_run_planner_8", {
    steps: () => doneFromHome(8),
});

registry.category("web_tour.tours").add("sakip_whole_run_secretary_9_10", {
    steps: () => [...doneFromHome(9), ...doneFromHome(10)],
});

registry.category("web_tour.tours").add("sakip_whole_run_head_sign", {
    steps: () => [
        ...signFromHome(stepItem(11), "the agreement", "PK Perubahan"),
        {
            content: "The agreement's form shows it signed",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Signed)",
        },
    ],
});

registry.category("web_tour.tours").add("sakip_whole_run_planner_12_13", {
    steps: () => [...doneFromHome(12), ...doneFromHome(13, {quantity: 4})],
});

registry.category("web_tour.tours").add("sakip_whole_run_head_cover_letter", {
    steps: () => [
        ...signFromHome(`${ITEM}.o_sakip_work_letter`, "the cover letter", "signed and locked"),
        {
            content: "The letter's form shows it signed",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Signed)",
        },
    ],
});

registry.category("web_tour.tours").add("sakip_whole_run_planner_14", {
    steps: () => [
        ...doneFromHome(14, {preview: "bappeda@example.id"}),
        {
            content: "The run is finished: nothing left to do",
            trigger: `${HOME} .o_sakip_my_work_empty`,
        },
    ],
});
