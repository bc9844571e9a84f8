/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

/** Name of the filled collection file the Python test prepares for the tour user. */
const PREPARED_FILE = "sakip_collection_tour_filled.xlsx";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The prepared file as a browser File, as if chosen on the user's disk. */
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

registry.category("web_tour.tours").add("sakip_collection_tour", {
    steps: () => [
        {
            content: "The bidang's submission waits for its lines",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Pending)",
        },
        {
            content: "Upload the filled collection file",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_upload_wizard]",
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
            content: "See what it changes: the three indicators are added",
            trigger: ".modal .o_field_widget[name=preview_html]:contains(Added (5))",
        },
        {
            content: "Replace the lines",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The submission is accepted",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "with the file's three indicators",
            trigger: ".o_form_view .oe_stat_button[name=action_view_lines]:contains(3)",
        },
    ],
});
