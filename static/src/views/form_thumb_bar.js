/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
 *
 * On a phone, Odoo moves every header button of a form into the ⚙ menu. The
 * header buttons marked ``o_sakip_thumb`` (the user's next action: Done,
 * Start, Submit, Sign...) stay in the header as well, at thumb's reach; they
 * keep their ``invisible`` condition, so a user who can't do it doesn't see it.
 */
import {createElement} from "@web/core/utils/xml";
import {FormCompiler} from "@web/views/form/form_compiler";
import {patch} from "@web/core/utils/patch";

export const THUMB_CLASS = "o_sakip_thumb";

patch(FormCompiler.prototype, {
    compileHeader(el, params) {
        // Copies taken first: compiling a button strips its class from the arch.
        const thumbs = params.asDropdownItems
            ? []
            : [...el.children]
                  .filter(
                      (child) =>
                          child.tagName === "button" && child.classList.contains(THUMB_CLASS)
                  )
                  .map((child) => child.cloneNode(true));
        const statusBar = super.compileHeader(el, params);
        if (!thumbs.length) {
            return statusBar;
        }
        const bar = createElement("div", {
            class: "o_sakip_thumb_bar d-flex flex-wrap align-items-center gap-1",
            "t-if": "__comp__.env.isSmall and !__comp__.env.inDialog",
        });
        for (const thumb of thumbs) {
            const compiled = this.compileNode(thumb, params);
            if (compiled) {
                compiled.setAttribute("defaultRank", "'btn-secondary'");
                bar.append(compiled);
            }
        }
        statusBar.prepend(bar);
        return statusBar;
    },
});
