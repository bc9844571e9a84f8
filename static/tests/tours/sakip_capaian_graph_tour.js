/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * The "Capaian Kinerja" graph opens by rating and paints its bars, then its
 * pie slices, in the office's band colours (static/src/lazy/capaian_graph.js;
 * tests/test_capaian_graph_tour.py gives the bands the colours #0000A1..#0000A5). */
import {registry} from "@web/core/registry";

const GRAPH = ".o_graph_renderer[data-sakip-rating-colours]";
const TEST_BAND = /^#0000A[1-5]$/;

function assertBandColours(root) {
    const colours = JSON.parse(root.dataset.sakipRatingColours);
    if (colours.length < 2) {
        throw new Error(`Expected at least two rating colours, got ${colours}`);
    }
    const foreign = colours.filter((colour) => !TEST_BAND.test(colour));
    if (foreign.length) {
        throw new Error(`Colours not from the rating scale: ${foreign}`);
    }
}

registry.category("web_tour.tours").add("sakip_capaian_graph_tour", {
    steps: () => [
        {
            content: "The default graph counts the indicators per quarter and rating",
            trigger: `${GRAPH} .o_graph_canvas_container canvas`,
        },
        {
            content: "Its bars are in the band colours",
            trigger: `${GRAPH}:not([data-sakip-rating-colours='[]'])`,
            run() {
                assertBandColours(this.anchor);
            },
        },
        {
            content: "Show it as a pie",
            trigger: ".o_graph_button[data-mode=pie]",
            run: "click",
        },
        {
            content: "The slices are in the band colours too",
            trigger: `${GRAPH} .o_graph_canvas_container canvas`,
            run() {
                assertBandColours(this.anchor.closest(GRAPH));
            },
        },
    ],
});
