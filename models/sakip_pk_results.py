# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An agreement's results compared with the year before (issue 15, items 5
and 6): the previous year's agreement of the same office, party and level,
and its indicators' results matched by indicator name."""

from odoo import models

from .sakip_pk import INACTIVE_STATES


def indicator_key(name):
    """An indicator's name as indicators of two years are matched by."""
    return " ".join((name or "").split()).casefold()


class SakipPkResults(models.Model):
    _inherit = "sakip.pk"

    def _sakip_previous_year(self):
        """``{agreement: its previous year's agreement}`` (the latest version
        in force of the same office, first party and level), in one query;
        agreements without one are left out. Read as superuser: the caller
        decides what of it is shown."""
        if not self:
            return {}
        # sudo: the previous year's agreement may be of a party the user cannot
        # read; callers print only its rolled-up results of approved quarters.
        candidates = (
            self.env["sakip.pk"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("fiscal_year", "in", [year - 1 for year in set(self.mapped("fiscal_year"))]),
                    ("level", "in", list(set(self.mapped("level")))),
                    ("first_party_id", "in", self.first_party_id.ids),
                    ("state", "not in", INACTIVE_STATES),
                ],
                order="revision, id",  # the latest version last: it wins below
            )
        )
        by_key = {
            (pk.company_id.id, pk.fiscal_year, pk.level, pk.first_party_id.id): pk
            for pk in candidates
        }
        result = {}
        for pk in self:
            key = (pk.company_id.id, pk.fiscal_year - 1, pk.level, pk.first_party_id.id)
            if key in by_key:
                result[pk] = by_key[key]
        return result

    def _sakip_previous_results(self):
        """``{agreement id: {indicator name key: (previous indicator, Result)}}``:
        the previous year's indicators of each agreement with their results
        over its approved quarters (only those with an approved quarter)."""
        previous = self._sakip_previous_year()
        if not previous:
            return {}
        indicators = self.env["sakip.pk"].sudo().union(*previous.values()).indicator_ids
        results = indicators._sakip_results()
        by_pk = indicators.grouped("pk_id")
        matched = {}
        for pk, old in previous.items():
            matched[pk.id] = {
                indicator_key(indicator.name): (indicator, results[indicator.id])
                for indicator in by_pk.get(old, ())
                if indicator.id in results
            }
        return matched
