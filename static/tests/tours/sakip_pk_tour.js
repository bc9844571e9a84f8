/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

const INDICATORS = ".o_field_widget[name=indicator_ids]";
const PROGRAMMES = ".o_field_widget[name=program_ids]";
const TOTAL_IN_WORDS =
    "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu " +
    "delapan ratus sembilan puluh rupiah";

function addIndicator(position, objective, name, unit, target) {
    // The new row by its position: right after "Add a line", the previous row
    // may still be the selected one until the list has committed it.
    const row = `${INDICATORS} .o_data_row:nth-child(${position}).o_selected_row`;
    return [
        {
            content: `Add the indicator "${name}"`,
            trigger: `${INDICATORS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {trigger: `${row} td[name=objective] input`, run: `edit ${objective}`},
        {trigger: `${row} td[name=name] input`, run: `edit ${name}`},
        {trigger: `${row} td[name=uom] input`, run: `edit ${unit}`},
        {trigger: `${row} td[name=target] input`, run: `edit ${target}`},
    ];
}

registry.category("web_tour.tours").add("sakip_pk_tour", {
    steps: () => [
        {
            content: "Create a new performance agreement",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the level of the agreement",
            trigger: ".o_field_widget[name=level] select",
            run: 'select "echelon_3"',
        },
        {
            content: "Choose the first party",
            trigger: ".o_field_widget[name=first_party_id] input",
            run: "edit Tour Kabid",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Kabid Pendidikan)",
            run: "click",
        },
        {
            content: "Open the indicators",
            trigger: ".o_notebook .nav-link:contains(Indicators)",
            run: "click",
        },
        ...addIndicator(
            1,
            "Meningkatnya mutu pendidikan dasar",
            "Persentase SD terakreditasi minimal B",
            "%",
            "85"
        ),
        ...addIndicator(
            2,
            "Meningkatnya mutu pendidikan dasar",
            "Angka Partisipasi Murni SD",
            "%",
            "97"
        ),
        {
            // Switching tabs while a row is still being edited races with the
            // list's own refocus: leave the list first, then wait for it.
            content: "Leave the indicator list",
            trigger: ".o_form_sheet .oe_title",
            run: "click",
        },
        {
            content: "The indicators are no longer being edited",
            trigger: `${INDICATORS}:not(:has(.o_selected_row))`,
        },
        {
            content: "Open the programmes",
            trigger: ".o_notebook .nav-link:contains(Programmes)",
            run: "click",
        },
        {
            content: "Add a programme",
            trigger: `${PROGRAMMES} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${PROGRAMMES} .o_selected_row td[name=name] input`,
            run: "edit Program Pengelolaan Pendidikan",
        },
        {
            trigger: `${PROGRAMMES} .o_selected_row td[name=budget] input`,
            run: "edit 1234567890",
        },
        {
            content: "Save the agreement",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The agreement is saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The total budget is written in words, in Indonesian",
            trigger: `.o_field_widget[name=budget_total_words]:contains(${TOTAL_IN_WORDS})`,
        },
        {
            content: "Back to the indicators",
            trigger: ".o_notebook .nav-link:contains(Indicators)",
            run: "click",
        },
        {
            content: "Both indicators are on the agreement",
            trigger: `${INDICATORS} .o_data_row:contains(Angka Partisipasi Murni SD)`,
        },
        {
            trigger: `${INDICATORS} .o_data_row:contains(Persentase SD terakreditasi minimal B)`,
        },
        {
            content: "A target shows as written: 97, not 97.0000",
            trigger: `${INDICATORS} .o_data_row:contains(Angka Partisipasi Murni SD) td[name=target]:contains(97):not(:contains(97.0))`,
        },
    ],
});
