# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""JSON-RPC as a browser sends it, for the ``HttpCase`` tests that check what
a logged-in user may do through the web client's own path."""

import json


class JsonRpcMixin:
    """``_call_kw_as(user, ...)``: ``/web/dataset/call_kw`` as the logged-in
    ``user`` (password = login, as ``new_test_user`` makes them); the test
    class has ``company``, whose id is the context's allowed company."""

    def _call_kw_as(self, user, model, method, args, kwargs=None):
        """Call ``method`` of ``model`` as ``user``; return the JSON response
        (``result`` or ``error``), the environment's cache invalidated."""
        if getattr(self, "_logged_in", None) != user:
            self.authenticate(user.login, user.login)
            self._logged_in = user
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", {"lang": "en_US", "allowed_company_ids": self.company.ids})
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        self.env.invalidate_all()
        return response.json()
