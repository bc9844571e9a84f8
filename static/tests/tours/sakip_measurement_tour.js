/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * On a phone, a bidang head opens the quarter's measurement, enters the
 * realisation of their indicator with an evidence file and submits their
 * bidang's part from the thumb bar (tests/test_measurement_tour.py). */
import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";

const THUMB_BAR = ".o_form_view .o_form_statusbar .o_sakip_thumb_bar";
const CARD = ".o_field_widget[name=line_ids] .o_kanban_record:contains(APK PAUD usia 3-6 tahun)";

registry.category("web_tour.tours").add("sakip_measurement_phone_tour", {
    steps: () => [
        {
            content: "Submitting the bidang's part is at thumb's reach",
            trigger: `${THUMB_BAR} button[name=action_submit_my_part]`,
        },
        {
            content: "Only the bidang's own indicator is shown, as a card",
            trigger: `.o_field_widget[name=line_ids]:not(:has(.o_kanban_record:contains(APM SD/MI)))`,
        },
        {
            content: "Open the indicator",
            trigger: CARD,
            run: "click",
        },
        {
            content: "Enter the realisation",
            trigger: ".modal .o_field_widget[name=realisation] input",
            run: "edit 70.2",
        },
        {
            content: "Behind target: explain why",
            trigger: ".modal .o_field_widget[name=explanation] textarea",
            run: "edit Dua pos PAUD baru belum beroperasi.",
        },
        {
            content: "Attach the evidence",
            trigger: ".modal .o_field_widget[name=evidence_ids]",
            async run() {
                const file = new File(["%PDF-1.4 bukti"], "bukti_apk_paud.pdf", {
                    type: "application/pdf",
                });
                await inputFiles(".modal .o_field_widget[name=evidence_ids] input.o_input_file", [
                    file,
                ]);
            },
        },
        {
            content: "The evidence is attached",
            trigger: ".modal .o_field_widget[name=evidence_ids]:contains(bukti_apk_paud.pdf)",
        },
        {
            content: "Save the indicator",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The card shows the realisation",
            trigger: `${CARD}:contains(70.20)`,
        },
        {
            content: "Submit the bidang's part",
            trigger: `${THUMB_BAR} button[name=action_submit_my_part]`,
            run: "click",
        },
        {
            content: "Submitted: nothing left to submit",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_submit_my_part]))",
        },
    ],
});
