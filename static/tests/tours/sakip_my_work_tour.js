/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

const ITEM = ".o_sakip_my_work .o_sakip_work_item";

/** The home lists the step ``number`` with its action one tap away. */
function stepOnHome(number, label) {
    return [
        {
            content: `My work lists step ${number}`,
            trigger: `${ITEM}.o_sakip_work_step:contains(${number}.) .o_sakip_work_title`,
        },
        {
            content: `Its action (${label}) is a visible button of the item`,
            trigger: `${ITEM}.o_sakip_work_step:contains(${number}.) button.o_sakip_work_act:visible:contains(${label})`,
        },
    ];
}

registry.category("web_tour.tours").add("sakip_my_work_tour_secretary", {
    steps: () => [
        ...stepOnHome(9, "Done"),
        {
            content: "One tap on the item's button opens the step's dialog",
            trigger: `${ITEM}.o_sakip_work_step:contains(9.) button.o_sakip_work_act`,
            run: "click",
        },
        {
            content: "Say what was done",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Rancangan akhir disetujui",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button.btn-primary:contains(Done)",
            run: "click",
        },
        {
            content: "Back home: step 10 is now hers",
            trigger: `body:not(:has(.modal)) ${ITEM}.o_sakip_work_step:contains(10.)`,
        },
        {
            content: "Step 9 is no longer open work",
            trigger: `.o_sakip_my_work:not(:has(.o_sakip_work_step:contains(9.)))`,
        },
    ],
});

registry.category("web_tour.tours").add("sakip_my_work_tour_head", {
    steps: () => [
        ...stepOnHome(11, "Sign"),
        {
            content: "One tap opens the signing screen",
            trigger: `${ITEM}.o_sakip_work_step:contains(11.) button.o_sakip_work_act`,
            run: "click",
        },
        {
            content: "The signing screen says what signing does",
            trigger: ".modal .o_sakip_signing .alert:contains(PK Perubahan)",
        },
        {
            content: "The document's pages are shown as images",
            trigger: ".modal .o_sakip_signing_pages img.o_sakip_signing_page",
        },
        {
            content: "The date of signing is shown",
            trigger: ".modal .o_field_widget[name=sign_date] input",
        },
        {
            content: "Sign",
            trigger: ".modal .modal-footer button[name=action_sign]:visible",
            run: "click",
        },
        {
            content: "A notification confirms the signature",
            trigger: ".o_notification:contains(is signed)",
        },
        {
            content: "The signed document is one tap away",
            trigger: ".o_notification a[href^='/sakip/document/sakip.pk/']",
        },
        {
            content: "The agreement's form shows it signed",
            trigger: "body:not(:has(.modal)) .o_form_view .ribbon:contains(Signed)",
        },
        {
            content: "The agreement is in the signed state",
            trigger: ".o_form_view .o_statusbar_status:contains(Signed)",
        },
    ],
});

registry.category("web_tour.tours").add("sakip_my_work_tour_planner", {
    steps: () => [
        ...stepOnHome(2, "Done"),
        {
            content: "The deadline and the run are on the item",
            trigger: `${ITEM}.o_sakip_work_step:contains(2.):contains(Deadline):contains(PPK/)`,
        },
        {
            content: "A tap on the item opens its run",
            trigger: `${ITEM}.o_sakip_work_step:contains(2.) .o_sakip_work_open`,
            run: "click",
        },
        {
            content: "The run's form, its step 2 in progress",
            trigger: ".o_form_view .o_field_widget[name=current_step_id]:contains(2.)",
        },
        {
            content: "Back to My work",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "Finished runs are one tap away",
            trigger: ".o_sakip_my_work button.o_sakip_finished_runs",
            run: "click",
        },
        {
            content: "The runs, filtered on the finished (archived) ones",
            trigger: ".o_searchview_facet:contains(Finished)",
        },
    ],
});
