/** @odoo-module **/
/* Copyright 2024 SAKIP Indonesia
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {FloatField, floatField} from "@web/views/fields/float/float_field";
import {formatFloat} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";

/**
 * A target as its user wrote it: stored with room for 4 decimals (2,855 stays
 * 2,855), shown without the zeros that would follow (85, not 85,0000).
 */
export class SakipTargetField extends FloatField {
    get formattedValue() {
        if (!this.props.formatNumber) {
            return this.value;
        }
        return formatFloat(this.value, {
            digits: this.props.digits,
            field: this.props.record.fields[this.props.name],
            trailingZeros: false,
        });
    }
}

registry.category("fields").add("sakip_target", {...floatField, component: SakipTargetField});
