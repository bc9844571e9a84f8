# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Set up an office (a company) from the shipped SOP: Settings > SAKIP >
*Set up this office*, and the remapping that copies an SOP into another
company (see sakip_sop_company_copy.py)."""

from odoo import Command, models
from odoo.exceptions import AccessError, UserError

MODULE = "sakip_penetapan_kinerja"
ADMIN_GROUP = f"{MODULE}.group_sakip_admin"
#: The SOP shipped in data: the template every office adopts.
TEMPLATE_SOP = f"{MODULE}.sop_penyusunan_pk"
OFFICE_TZ = "Asia/Jakarta"

#: The working week of Indonesian civil servants (37.5 hours, five days), as
#: the shipped Banyumas calendar has it: (weekday, period, from, to).
ASN_WEEK = (
    (0, "morning", 7.5, 12.0),
    (0, "afternoon", 13.0, 16.0),
    (1, "morning", 7.5, 12.0),
    (1, "afternoon", 13.0, 16.0),
    (2, "morning", 7.5, 12.0),
    (2, "afternoon", 13.0, 16.0),
    (3, "morning", 7.5, 12.0),
    (3, "afternoon", 13.0, 16.0),
    (4, "morning", 7.5, 11.0),
    (4, "afternoon", 13.0, 17.0),
)


def is_code_bound(model):
    """Whether the records of ``model`` belong to one office and are matched
    across offices by their ``code`` (actors, letter types, SOPs)."""
    company = model._fields.get("company_id")
    code = model._fields.get("code")
    return (
        model._name.startswith("sakip.")
        and code is not None
        and code.store
        and company is not None
        and company.store
        and not company.related
    )


class ResCompany(models.Model):
    _inherit = "res.company"

    # Records of another office, matched or copied into this one
    def _sakip_counterparts(self, records, busy=frozenset()):
        """Return ``{source id: record of this company}`` for ``records`` of a
        code-bound model: the record of this company with the same code, else a
        copy made here (its own references remapped the same way).

        ``busy`` holds ``(model, code)`` pairs being copied by a caller: a
        reference back to one of them (a cycle) is left empty.
        """
        self.ensure_one()
        Model = records.browse().with_context(active_test=False)
        records = records.with_context(active_test=False)
        by_code = {
            record.code: record
            for record in Model.search(
                [("company_id", "=", self.id), ("code", "in", list(set(records.mapped("code"))))]
            )
        }
        missing = Model.browse(
            {
                record.code: record.id
                for record in records
                if record.code not in by_code and (Model._name, record.code) not in busy
            }.values()
        )
        # Records the missing ones point to in their own model (e.g. an actor's
        # superior) are copied first, one level of the chain at a time.
        self_fields = [
            name
            for name, field in Model._fields.items()
            if field.type == "many2one" and field.comodel_name == Model._name and field.copy
        ]
        pending = missing
        while pending:
            level = (
                pending.filtered(
                    lambda record, pending=pending: not any(
                        record[name] & pending for name in self_fields
                    )
                )
                or pending
            )
            pending -= level
            busy_now = busy | {(Model._name, code) for code in level.mapped("code")}
            vals_list = level.copy_data({"company_id": self.id})
            self._sakip_remap_copy_values(Model, vals_list, busy_now)
            copies = Model.create(vals_list)
            # Odoo's copy(): the translations of the source, record by record.
            for source, copy in zip(level, copies, strict=True):
                source.copy_translations(copy, excluded=("company_id",))
            by_code.update((copy.code, copy) for copy in copies)
        return {record.id: by_code.get(record.code, Model) for record in records}

    def _sakip_remap_copy_values(self, model, vals_list, busy=frozenset()):
        """Rewrite in place ``vals_list`` (from ``model.copy_data``, lines of
        one2many fields included) for this company: every reference to a
        code-bound record (actor, letter type...) points to its counterpart
        here (:meth:`_sakip_counterparts`). Other values are kept as copied."""
        self.ensure_one()
        wanted = {}
        self._sakip_walk_copy_values(model, vals_list, wanted, None, None)
        mapping = {
            comodel: self._sakip_counterparts(self.env[comodel].browse(ids), busy)
            for comodel, ids in wanted.items()
        }
        self._sakip_walk_copy_values(model, vals_list, None, mapping, None)

    @staticmethod
    def _sakip_walk_copy_values(model, vals_list, wanted, mapping, parent_field):
        """Collect (``wanted``: comodel -> ids) or substitute (``mapping``:
        comodel -> {id: record}) the code-bound references of ``vals_list``;
        ``parent_field`` is the link of lines to their copied parent (set by
        the one2many when the copy is created)."""
        for vals in vals_list:
            for name, value in vals.items():
                field = model._fields.get(name)
                if (
                    not field
                    or not field.relational
                    or not value
                    or name in ("company_id", parent_field)
                ):
                    continue
                comodel = model.env[field.comodel_name]
                if field.type == "one2many":
                    lines = [command[2] for command in value if command[0] == Command.CREATE]
                    ResCompany._sakip_walk_copy_values(
                        comodel, lines, wanted, mapping, field.inverse_name
                    )
                    continue
                if not is_code_bound(comodel):
                    continue
                if field.type == "many2one":
                    if wanted is not None:
                        wanted.setdefault(comodel._name, set()).add(value)
                    else:
                        vals[name] = mapping[comodel._name][value].id
                    continue
                # many2many, as copy_data writes it: [Command.set(ids)]
                ids = [id_ for command in value if command[0] == Command.SET for id_ in command[2]]
                if wanted is not None:
                    wanted.setdefault(comodel._name, set()).update(ids)
                else:
                    targets = comodel.union(*(mapping[comodel._name][id_] for id_ in ids))
                    vals[name] = [Command.set(targets.ids)]

    # Set up this office
    def action_sakip_setup_office(self):
        """Give this office what it needs to run the shipped SOP: the SOP with
        its actors, the letter types with their patterns and a working calendar
        with the Indonesian days off. What the office already has is kept, so
        a second call changes nothing. Returns a notification of what was done.
        """
        self.ensure_one()
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(self.env._("Only SAKIP administrators can set up an office."))
        if self not in self.env.companies:
            raise AccessError(
                self.env._(
                    "Switch to %(company)s before setting it up: an office is set up "
                    "from within.",
                    company=self.name,
                )
            )
        template = self.env.ref(TEMPLATE_SOP, raise_if_not_found=False)
        if not template:
            raise UserError(
                self.env._(
                    "The SOP template %(xmlid)s is missing: update the SAKIP module "
                    "to restore it, then set up the office again.",
                    xmlid=TEMPLATE_SOP,
                )
            )
        # sudo: the template and the shipped letter types are another office's,
        # and a calendar and the company's settings need system rights; a SAKIP
        # administrator working in this office (checked above) sets it up.
        office, template = self.sudo(), template.sudo()
        Actor = office.env["sakip.sop.actor"].with_context(active_test=False)
        template_codes = Actor.search([("company_id", "=", template.company_id.id)]).mapped("code")
        actors_before = Actor.search([("company_id", "=", self.id), ("code", "in", template_codes)])
        lines = office._sakip_setup_calendar()
        lines += office._sakip_setup_letter_types()
        lines += office._sakip_setup_sop(template)
        created = (
            Actor.search([("company_id", "=", self.id), ("code", "in", template_codes)])
            - actors_before
        )
        if created:
            names = ", ".join(created.mapped("name"))
            lines.append((True, self.env._("Actors created: %(names)s.", names=names)))
        if actors_before:
            names = ", ".join(actors_before.mapped("name"))
            lines.append((False, self.env._("Actors already there: %(names)s.", names=names)))
        changed = any(line[0] for line in lines)
        if not changed:
            lines.insert(0, (False, self.env._("This office was already set up: nothing changed.")))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if changed else "info",
                "title": self.env._("Set up %(company)s", company=self.name),
                "message": "\n".join(text for _changed, text in lines),
                "className": "text-prewrap",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _sakip_setup_calendar(self):
        """The working calendar of the SOP norms: kept if the office has one,
        else the civil servants' week in Jakarta time; this year's and next
        year's days off loaded into it. Returns ``[(changed, text)]``."""
        calendar = self.sakip_calendar_id
        lines = []
        if calendar:
            lines.append(
                (
                    False,
                    self.env._(
                        "Working time %(calendar)s already set.", calendar=calendar.display_name
                    ),
                )
            )
        else:
            Attendance = self.env["resource.calendar.attendance"]
            days = dict(Attendance._fields["dayofweek"]._description_selection(self.env))
            periods = dict(Attendance._fields["day_period"]._description_selection(self.env))
            calendar = self.env["resource.calendar"].create(
                {
                    "name": self.env._("ASN working hours (Monday to Friday, 37.5 h)"),
                    "company_id": self.id,
                    "tz": OFFICE_TZ,
                    "attendance_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "name": f"{days[str(day)]} {periods[period]}",
                                "dayofweek": str(day),
                                "day_period": period,
                                "hour_from": begin,
                                "hour_to": end,
                            }
                        )
                        for day, period, begin, end in ASN_WEEK
                    ],
                }
            )
            self.sakip_calendar_id = calendar
            lines.append(
                (
                    True,
                    self.env._(
                        "Working time %(calendar)s created (%(tz)s).",
                        calendar=calendar.display_name,
                        tz=OFFICE_TZ,
                    ),
                )
            )
        this_year = self._sakip_today().year
        years = [this_year, this_year + 1]
        leaves = self.env["resource.calendar.leaves"].search_count(
            [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
        )
        calendar.action_sakip_load_holidays(years)
        added = (
            self.env["resource.calendar.leaves"].search_count(
                [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
            )
            - leaves
        )
        lines.append(
            (
                bool(added),
                self.env._(
                    "%(count)s day(s) off added for %(years)s.",
                    count=added,
                    years=", ".join(str(year) for year in years),
                ),
            )
        )
        return lines

    def _sakip_setup_letter_types(self):
        """Copies of the shipped letter types, matched by code. Returns
        ``[(changed, text)]``."""
        shipped_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "sakip.letter.type")])
            .mapped("res_id")
        )
        shipped = self.env["sakip.letter.type"].browse(shipped_ids).exists()
        LetterType = self.env["sakip.letter.type"].with_context(active_test=False)
        present = LetterType.search(
            [("company_id", "=", self.id), ("code", "in", shipped.mapped("code"))]
        )
        self._sakip_counterparts(shipped)
        created = (
            LetterType.search(
                [("company_id", "=", self.id), ("code", "in", shipped.mapped("code"))]
            )
            - present
        )
        lines = []
        if created:
            lines.append(
                (
                    True,
                    self.env._(
                        "Letter types created: %(names)s.",
                        names=", ".join(created.mapped("name")),
                    ),
                )
            )
        if present:
            lines.append(
                (
                    False,
                    self.env._(
                        "Letter types already there: %(names)s.",
                        names=", ".join(present.mapped("name")),
                    ),
                )
            )
        return lines

    def _sakip_setup_sop(self, template):
        """A copy of ``template`` in force here, unless the office already has
        an SOP of its procedure. Returns ``[(changed, text)]``."""
        existing = self.env["sakip.sop"].search(
            [("company_id", "=", self.id), ("code", "=", template.code)], limit=1
        )
        if existing:
            return [
                (
                    False,
                    self.env._(
                        "SOP %(sop)s is already there: nothing copied.",
                        sop=existing.display_name,
                    ),
                )
            ]
        sop = template.copy(
            {
                "company_id": self.id,
                "is_current": True,
                # The approval is the template office's head's: this office's
                # head approves its own SOP.
                "approver_name": False,
                "approver_rank": False,
                "approver_nip": False,
                "approver_title": False,
            }
        )
        return [
            (
                True,
                self.env._(
                    "SOP %(sop)s copied with its %(count)s steps, in force.",
                    sop=sop.display_name,
                    count=len(sop.step_ids),
                ),
            )
        ]
