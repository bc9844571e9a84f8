/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

const SOP_NUMBER = "000.8.33/169/I/2024";
const STEP_12 = ".o_field_widget[name=step_ids] .o_data_row:contains(Surat Pengantar)";

registry.category("web_tour.tours").add("sakip_sop_tour", {
    steps: () => [
        {
            content: "Open the SOP from the list",
            trigger: `.o_list_view .o_data_row td[name=number]:contains(${SOP_NUMBER})`,
            run: "click",
        },
        {
            content: "The SOP form is open",
            trigger: `.o_form_view .o_breadcrumb .active:contains(${SOP_NUMBER})`,
        },
        {
            content: "The Steps tab is shown",
            trigger: ".o_notebook .nav-link.active:contains(Steps)",
        },
        {
            content: "Step 12 is listed",
            trigger: `${STEP_12} td[name=sequence]:contains(12)`,
        },
        {
            content: "Step 12 outputs the cover letter",
            trigger: `${STEP_12} td[name=output]:contains(Surat Pengantar)`,
        },
        {
            content: "Step 12 takes 20 minutes",
            trigger: `${STEP_12} td[name=duration_value]:contains(20)`,
        },
        {
            content: "Step 12 is measured in minutes",
            trigger: `${STEP_12} td[name=duration_unit]:contains(Minutes)`,
        },
        {
            content: "The total norm is shown",
            trigger: ".o_field_widget[name=norm_display]:contains(18 working days + 11 h 10 min)",
        },
    ],
});
