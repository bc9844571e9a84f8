# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cost of the public verification page: a few queries per request, whatever
the model of the document and whether its token exists (issue 12)."""

import logging
import re
from datetime import date

from odoo.tests import tagged

from ..tools.verification import new_token
from .sop_run_common import create_office
from .test_verify import VerifyPageCase

_logger = logging.getLogger(__name__)

#: Most queries one request of the page may cost, found or not.
MAX_QUERIES = 5
#: A query looking a token up (a search or the registry's one lookup).
LOOKUP_RE = re.compile(r"verify_token\"? = '")


@tagged("post_install", "-at_install", "sakip")
class TestVerifyQueries(VerifyPageCase):
    """Counted on the test cursor, which the request served by ``url_open``
    runs in: every query of the request, from the session to the page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = create_office(cls.env, "Dinas Uji Biaya Verifikasi", "verifyq")
        cls.company = office["company"]
        secretary = office["users"]["secretary"]
        letter_type = cls.env["sakip.letter.type"].create(
            {
                "name": "Surat Pengantar",
                "code": "cover_letter",
                "company_id": cls.company.id,
                "pattern": "{code}/{seq}/{year}",
                "classification_code": "000.8.3.3",
            }
        )
        cls.signer = cls.env["hr.employee"].create(
            {
                "name": "Drs. Bambang Sutrisno, M.M.",
                "job_title": "Sekretaris Dinas",
                "company_id": cls.company.id,
                "user_id": secretary.id,
            }
        )
        cls.letter = letter_type.with_user(office["users"]["planner"])._sakip_issue(
            {"subject": "Penyampaian Perjanjian Kinerja 2026", "signer_employee_id": cls.signer.id}
        )
        cls.letter.with_user(secretary).action_sign()
        cls.pk = cls.env["sakip.pk"].create(
            {"fiscal_year": 2026, "company_id": cls.company.id, "first_party_id": cls.signer.id}
        )
        cls.pk._sakip_ensure_token()

    def _count(self, url):
        """Status of ``url`` and the queries its request ran (the first
        request warms the caches every later request finds warm)."""
        self.url_open(url)
        self.env.invalidate_all()
        with self.assertLogs("odoo.sql_db", logging.DEBUG) as logs:
            before = self.cr.sql_log_count
            response = self.url_open(url)
            count = self.cr.sql_log_count - before
        queries = [line for line in logs.output if "query:" in line]
        return response, count, queries

    def _assert_cheap(self, url, status):
        response, count, queries = self._count(url)
        _logger.info("queries of %s (%s): %s", url[:16], response.status_code, count)
        self.assertEqual(response.status_code, status, url)
        self.assertLessEqual(count, MAX_QUERIES, "\n".join(queries))
        return queries

    def test_letter_page_queries(self):
        queries = self._assert_cheap(f"/sakip/verify/{self.letter.verify_token}", 200)
        lookups = [query for query in queries if LOOKUP_RE.search(query)]
        self.assertEqual(len(lookups), 1, "one query finds the token, whatever its model")

    def test_pk_page_queries(self):
        queries = self._assert_cheap(f"/sakip/verify/{self.pk.verify_token}", 200)
        lookups = [query for query in queries if LOOKUP_RE.search(query)]
        self.assertEqual(len(lookups), 1, "one query finds the token, whatever its model")

    def test_superseded_pk_page_queries(self):
        """Superseded, the page also links to the signed newer revision."""
        self.pk._sakip_workflow_write({"state": "signed", "sign_date": date(2026, 1, 5)})
        self.pk.action_revise()
        newer = self.pk.search([("previous_id", "=", self.pk.id)])
        newer._sakip_workflow_write({"state": "signed", "sign_date": date(2026, 7, 1)})
        newer._sakip_ensure_token()
        self.assertEqual(self.pk.state, "superseded")
        self._assert_cheap(f"/sakip/verify/{self.pk.verify_token}", 200)

    def test_unknown_token_queries(self):
        queries = self._assert_cheap(f"/sakip/verify/{new_token()}", 404)
        self.assertEqual(len([query for query in queries if LOOKUP_RE.search(query)]), 1)
        self._assert_cheap("/sakip/verify/abc", 404)

    def test_page_reads_nothing_of_the_visitor(self):
        """A lean public page: no user, company or partner read for the
        visitor (the language is the frontend's, QWeb gets the page's values
        only), and a body sent with its length, not chunked."""
        response, _count, queries = self._count(f"/sakip/verify/{self.pk.verify_token}")
        self.assertEqual(response.status_code, 200)
        for table in ("res_users", "res_partner", "ir_default"):
            found = [query for query in queries if f'FROM "{table}"' in query]
            self.assertFalse(found, "\n".join(queries))
        self.assertEqual(int(response.headers["Content-Length"]), len(response.content))
