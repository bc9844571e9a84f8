/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {Component, onWillStart, useState} from "@odoo/owl";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import {Layout} from "@web/search/layout";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

const MODULE = "sakip_penetapan_kinerja";

/**
 * "Pekerjaan saya": the current user's open work across runs (steps,
 * submissions, letters to sign), overdue first, from one server call.
 * A tap on an item opens its form; its button does its action.
 */
export class SakipMyWork extends Component {
    static template = "sakip_penetapan_kinerja.MyWork";
    static components = {Layout};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({items: [], overdueCount: 0, loaded: false});
        onWillStart(() => this.load());
    }

    async load() {
        const result = await this.orm.call("sakip.my.work", "sakip_get_my_work", []);
        this.state.items = result.items;
        this.state.overdueCount = result.overdue_count;
        this.state.loaded = true;
    }

    deadline(item) {
        if (!item.deadline) {
            return "";
        }
        if (item.deadline_type === "date") {
            return formatDate(deserializeDate(item.deadline));
        }
        return formatDateTime(deserializeDateTime(item.deadline), {showSeconds: false});
    }

    open(item) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: item.open_model,
            res_id: item.open_id,
            views: [[false, "form"]],
        });
    }

    act(item) {
        if (!item.act_method) {
            return this.open(item);
        }
        return this.action.doActionButton({
            type: "object",
            name: item.act_method,
            resModel: item.act_model,
            resId: item.act_id,
            resIds: [item.act_id],
            // The user's language and companies, as a form's button sends them.
            context: user.context,
            onClose: () => this.load(),
        });
    }

    openFinishedRuns() {
        return this.action.doAction(`${MODULE}.action_sakip_sop_run`, {
            additionalContext: {search_default_archived: 1},
        });
    }

    openAgreements() {
        return this.action.doAction(`${MODULE}.action_sakip_pk`);
    }
}

registry.category("actions").add("sakip_my_work", SakipMyWork);
