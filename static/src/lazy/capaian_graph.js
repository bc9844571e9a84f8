/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * The "Capaian Kinerja" graph (js_class="sakip_capaian_graph", issue 15): when
 * the data is grouped by rating, each bar, line or pie slice takes its band's
 * colour from the office's rating scale (sakip.rating.band) instead of Odoo's
 * palette, so green is good and red is behind at a glance. The bands are read
 * once per view; the colours the chart used are exposed on the renderer's root
 * as data-sakip-rating-colours (read by the tour). */
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
import {graphView} from "@web/views/graph/graph_view";
import {GraphModel, SEP} from "@web/views/graph/graph_model";
import {GraphRenderer} from "@web/views/graph/graph_renderer";

export const RATING_FIELD = "rating_band_id";
/** Not measured yet, hence no rating: a neutral grey. */
export const NO_RATING_COLOUR = "#ADB5BD";

export class CapaianGraphModel extends GraphModel {
    /** The band colours {id: colour}, read once for the user's offices. */
    async _loadBandColours() {
        if (!this._bandColoursProm) {
            this._bandColoursProm = this.orm
                .searchRead(
                    "sakip.rating.band",
                    [["company_id", "in", user.context.allowed_company_ids || []]],
                    ["name", "colour"]
                )
                .then((bands) => {
                    // Read in the scale's order (lowest band first): its rank stacks the bars.
                    this.bandRanks = Object.fromEntries(bands.map((b, rank) => [b.id, rank]));
                    return Object.fromEntries(bands.map((b) => [b.id, b.colour]));
                });
        }
        return this._bandColoursProm;
    }

    async _loadDataPoints(metaData) {
        const grouped = metaData.groupBy.some((gb) => gb.fieldName === RATING_FIELD);
        const [dataPoints, colours] = await Promise.all([
            super._loadDataPoints(metaData),
            grouped ? this._loadBandColours() : null,
        ]);
        this.bandColours = colours;
        return dataPoints;
    }

    /**
     * After Odoo's processing: the rating colour of each dataset (rating in a
     * later groupby of a bar/line chart) or of each x label (rating first, or
     * any pie), as ``this.ratingColours = {axis: "dataset"|"label", byKey}``.
     */
    _getData(dataPoints, forceUseAllDataPoints) {
        const result = super._getData(dataPoints, forceUseAllDataPoints);
        const {groupBy, mode} = this.metaData;
        const index = groupBy.findIndex((gb) => gb.fieldName === RATING_FIELD);
        this.ratingColours = null;
        if (index < 0 || !this.bandColours) {
            return result;
        }
        const axis = mode !== "pie" && index > 0 ? "dataset" : "label";
        const byKey = {};
        const rankOf = {};
        for (const dataPoint of dataPoints) {
            const raw = Object.values(JSON.parse(dataPoint.identifier)[index])[0];
            const colour = (raw && this.bandColours[raw[0]]) || NO_RATING_COLOUR;
            const rank = raw ? this.bandRanks[raw[0]] ?? -1 : -1;
            let key = this._getDatasetLabel(dataPoint);
            if (axis === "label") {
                key =
                    mode === "pie"
                        ? dataPoint.labels.join(SEP)
                        : dataPoint.labels.slice(0, 1).join(SEP);
            }
            byKey[key] = colour;
            rankOf[key] = rank;
        }
        if (axis === "dataset") {
            // The best band at the bottom of each bar, the worst on top, unrated last.
            result.datasets.sort((a, b) => (rankOf[b.label] ?? -1) - (rankOf[a.label] ?? -1));
        }
        this.ratingColours = {axis, byKey};
        return result;
    }
}

export class CapaianGraphRenderer extends GraphRenderer {
    /** The colour of ``key`` on the rating scale, or null when not rated data. */
    ratingColour(key) {
        const {ratingColours} = this.model;
        return ratingColours ? ratingColours.byKey[key] || NO_RATING_COLOUR : null;
    }

    /** Paints the chart data in band colours; returns the colours used. */
    paintRatings(data) {
        const {ratingColours} = this.model;
        const used = new Set();
        if (!ratingColours) {
            return used;
        }
        const {mode} = this.model.metaData;
        for (const dataset of data.datasets) {
            if (dataset.type === "line" && mode === "bar") {
                // Odoo's line overlay (the average), left as it is.
                continue;
            }
            let colours = null;
            if (ratingColours.axis === "dataset") {
                colours = this.ratingColour(dataset.label);
                used.add(colours);
            } else {
                colours = data.labels.map((label) => this.ratingColour(label));
                colours.forEach((colour) => used.add(colour));
            }
            if (mode === "line") {
                // A line takes its band's colour; points on a rating axis, theirs.
                if (ratingColours.axis === "dataset") {
                    dataset.borderColor = colours;
                    dataset.hoverBackgroundColor = colours;
                }
                dataset.pointBackgroundColor = colours;
            } else {
                dataset.backgroundColor = colours;
                if (mode === "pie") {
                    dataset.hoverBackgroundColor = colours;
                }
            }
        }
        return used;
    }

    getChartConfig() {
        const config = super.getChartConfig();
        this.usedRatingColours = [...this.paintRatings(config.data)];
        return config;
    }

    getLegendOptions() {
        const options = super.getLegendOptions();
        const generate = options.labels && options.labels.generateLabels;
        if (!generate || !this.model.ratingColours) {
            return options;
        }
        options.labels.generateLabels = (chart) =>
            generate(chart).map((item) => {
                const key = item.fullText;
                const colour =
                    this.model.ratingColours.axis === "dataset" || this.model.metaData.mode === "pie"
                        ? this.ratingColour(key)
                        : null;
                return colour ? {...item, fillStyle: colour, strokeStyle: colour} : item;
            });
        return options;
    }

    renderChart() {
        super.renderChart();
        const root = this.rootRef.el;
        if (root) {
            root.dataset.sakipRatingColours = JSON.stringify(
                this.model.ratingColours ? this.usedRatingColours || [] : []
            );
        }
    }
}

export const capaianGraphView = {
    ...graphView,
    Model: CapaianGraphModel,
    Renderer: CapaianGraphRenderer,
};

registry.category("views").add("sakip_capaian_graph", capaianGraphView);
