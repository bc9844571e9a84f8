# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Changes of an agreement's indicator and programme lines, logged on it.

Lines are snapshotted before they change; when the transaction is about to be
committed, one message per agreement and bidang lists every line added, changed
or removed since (the way mail tracks fields). The line models declare the
fields logged in ``_pk_tracked_fields`` and call these helpers. Each message
carries its bidang (``mail.message.sakip_department_id``): record rules let
only those who may read the bidang's lines read it.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.tools.misc import formatLang

#: Key of the pending line changes in ``cr.precommit.data``.
LINE_TRACKING_KEY = "sakip.pk.line.tracking"


class SakipPkLineTracking(models.Model):
    _inherit = "sakip.pk"

    @api.model_create_multi
    def create(self, vals_list):
        # Lines created with their agreement are not logged one by one: the
        # creation of the agreement is.
        pks = super(
            SakipPkLineTracking, self.with_context(sakip_pk_line_tracking_disable=True)
        ).create(vals_list)
        return pks.with_env(self.env)

    @api.model
    def _line_tracking_data(self):
        """Pending line changes of the transaction: ``{(model, line id): entry}``.

        An entry holds the agreement id (``pk``) and bidang id (``department``)
        of the line before its first change, and either its values then
        (``values``, with its ``summary``), ``None`` for a line added in this
        transaction, or the summary of a removed line (``removed``).
        """
        data = self.env.cr.precommit.data
        if LINE_TRACKING_KEY not in data:
            data[LINE_TRACKING_KEY] = {}
            self.env.cr.precommit.add(self._line_tracking_finalize)
        return data[LINE_TRACKING_KEY]

    @api.model
    def _line_tracking_enabled(self, lines):
        context = lines.env.context
        return not (
            context.get("tracking_disable")
            or context.get("mail_notrack")
            or context.get("sakip_pk_line_tracking_disable")
            # lines loaded from a data file are not edits of the agreement
            or context.get("install_filename")
        )

    @api.model
    def _line_tracking_values(self, line):
        """Return ``{field name: value as shown}`` for the logged fields of ``line``."""
        values = {}
        for fname in line._pk_tracked_fields:
            field = line._fields[fname]
            value = line[fname]
            if field.type == "float":
                digits = field.get_digits(line.env)
                places = digits[1] if digits else 2
                # two decimals as before, more only when the value has them (2.855)
                typed = f"{round(value % 1, places):.{places}f}"[2:].rstrip("0")
                shown = min(places, max(2, len(typed)))
                values[fname] = formatLang(line.env, value, digits=shown)
            elif field.type == "many2one":
                values[fname] = value.display_name or ""
            elif field.type == "selection":
                values[fname] = dict(field._description_selection(line.env)).get(value, "")
            else:
                values[fname] = value or ""
        return values

    @api.model
    def _line_tracking_prepare(self, lines):
        """Remember the values of ``lines`` before they change."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            key = (line._name, line.id)
            if key not in data:
                data[key] = {
                    "pk": line.pk_id.id,
                    "department": line.department_id.id,
                    "values": self._line_tracking_values(line),
                    "summary": line._pk_tracking_summary(),
                }

    @api.model
    def _line_tracking_created(self, lines):
        """Log ``lines`` as added to their agreement."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            data[(line._name, line.id)] = {
                "pk": line.pk_id.id,
                "department": line.department_id.id,
                "values": None,
            }

    @api.model
    def _line_tracking_removed(self, lines):
        """Log ``lines``, about to be deleted, as removed from their agreement."""
        if not self._line_tracking_enabled(lines):
            return
        data = self._line_tracking_data()
        for line in lines:
            key = (line._name, line.id)
            entry = data.get(key)
            if entry and entry["values"] is None:
                # added and removed in the same transaction: nothing to tell
                del data[key]
                continue
            data[key] = {
                "pk": entry["pk"] if entry else line.pk_id.id,
                "department": entry["department"] if entry else line.department_id.id,
                "values": entry["values"] if entry else None,
                "removed": entry["summary"] if entry else line._pk_tracking_summary(),
            }

    def _line_tracking_items(self, data):
        """Return ``{(agreement id, bidang id): [text]}``: the pending changes of
        ``data`` told per agreement and bidang. A line moved to another
        agreement or bidang is removed from the first and added to the second."""
        by_model = defaultdict(list)
        for (model, line_id), entry in data.items():
            if "removed" not in entry:
                by_model[model].append(line_id)
        current = {}
        for model, ids in by_model.items():
            for line in self.env[model].browse(ids).exists():
                current[(model, line.id)] = line
        items = defaultdict(list)
        for key, entry in data.items():
            before = (entry["pk"], entry["department"] or False)
            if "removed" in entry:
                items[before].append(self.env._("Removed: %(line)s", line=entry["removed"]))
                continue
            line = current.get(key)
            if not line:
                continue
            after = (line.pk_id.id, line.department_id.id or False)
            if entry["values"] is None:
                items[after].append(self.env._("Added: %(line)s", line=line._pk_tracking_summary()))
                continue
            if before != after:
                items[before].append(self.env._("Removed: %(line)s", line=entry["summary"]))
                items[after].append(self.env._("Added: %(line)s", line=line._pk_tracking_summary()))
                continue
            new_values = self._line_tracking_values(line)
            changes = [
                self.env._(
                    "%(field)s: %(old)s → %(new)s",
                    field=line._fields[fname]._description_string(self.env),
                    old=old or "\N{EN DASH}",
                    new=new_values[fname] or "\N{EN DASH}",
                )
                for fname, old in entry["values"].items()
                if old != new_values[fname]
            ]
            if changes:
                items[after].append(
                    self.env._(
                        "%(line)s: %(changes)s",
                        line=line._pk_tracking_label(),
                        changes="; ".join(changes),
                    )
                )
        return items

    def _line_tracking_finalize(self):
        """Log one note per agreement and bidang listing the pending line changes."""
        data = self.env.cr.precommit.data.pop(LINE_TRACKING_KEY, {})
        if not data:
            return
        items = self._line_tracking_items(data)
        pks = self.browse({pk_id for pk_id, _department in items}).exists()
        if not pks:
            return
        author_id, email_from = pks._message_compute_author(raise_on_email=False)
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        title = self.env._("Indicator and programme lines changed:")
        values_list = [
            {
                "model": self._name,
                "res_id": pk_id,
                "author_id": author_id,
                "email_from": email_from,
                "message_type": "notification",
                "subtype_id": note,
                "is_internal": True,
                "body": Markup("<p>%s</p><ul>%s</ul>")
                % (title, Markup().join(Markup("<li>%s</li>") % item for item in texts)),
                "sakip_line_log": True,
                "sakip_department_id": department_id,
            }
            for (pk_id, department_id), texts in items.items()
            if pk_id in pks.ids
        ]
        # sudo: the lines' user may only read the agreement; the record rules
        # on mail.message restrict who reads each bidang's log.
        self.env["mail.message"].sudo().create(values_list)
        # this runs after the last flush before the commit: flush the messages
        self.env.flush_all()
