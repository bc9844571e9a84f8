/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

const OFFICE = "Dinas Kesehatan Tur";
const SOP_NUMBER = "000.8.33/169/I/2024";

function openMenu(menu, item) {
    return [
        {
            content: `Open ${menu}`,
            trigger: `.o_main_navbar .dropdown-toggle:contains(${menu})`,
            run: "click",
        },
        {
            content: `Open ${item}`,
            trigger: `.o-dropdown--menu .dropdown-item:contains(${item})`,
            run: "click",
        },
    ];
}

/**
 * A new office adopts the SOP: its administrator switches to it, sets it up
 * from the settings, opens its SOP and starts the first run of an agreement.
 */
registry.category("web_tour.tours").add("sakip_office_setup_tour", {
    steps: () => [
        {
            content: "Open the company switcher",
            trigger: ".o_switch_company_menu .dropdown-toggle",
            run: "click",
        },
        {
            content: "Switch to the new office",
            trigger: `.o_switch_company_item:contains(${OFFICE}) .log_into`,
            run: "click",
        },
        {
            content: "Working in the new office, which has no SOP yet",
            trigger: `.o_switch_company_menu .dropdown-toggle:contains(${OFFICE})`,
        },
        {
            trigger: ".o_action_manager .o_view_nocontent",
        },
        ...openMenu("Configuration", "Settings"),
        {
            content: "Set up this office",
            trigger: ".o_setting_box button[name=action_sakip_setup_office]",
            run: "click",
        },
        {
            content: "What was set up is told",
            trigger: ".o_notification:contains(copied with its 14 steps)",
        },
        {
            content: "The office's working time is set",
            trigger: ".o_field_widget[name=sakip_calendar_id] input:value(ASN working hours)",
        },
        ...openMenu("Configuration", "SOPs"),
        {
            content: "Open the office's SOP",
            trigger: `.o_list_view .o_data_row td[name=number]:contains(${SOP_NUMBER})`,
            run: "click",
        },
        {
            content: "It has the 14 steps of the template",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:eq(13) td[name=sequence]:contains(14)",
        },
        {
            content: "The first step is the office's Kepala Dinas's",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:eq(0) td[name=actor_id]:contains(Kepala Dinas)",
        },
        ...openMenu("PK Documents", "Agreements"),
        {
            content: "Open the office's agreement",
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        {
            content: "Start its SOP process",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start_sop_run]",
            run: "click",
        },
        {
            content: "The draft run of the office's SOP opens: write the order",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Order)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=start_text] .odoo-editor-editable",
            run: "editor Segera susun Penetapan Kinerja sesuai SOP.",
        },
        {
            content: "Start the run",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "Step 2 is the current step",
            trigger: ".o_form_view .o_field_widget[name=current_step_id]:contains(2.)",
        },
    ],
});
