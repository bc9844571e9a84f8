# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public verification page of the upgraded server, asked about each
document of record check.py saved (``<folder>/<token>.pdf``): the page of the
token answers, and uploading the saved PDF says it matches the archive.

Usage: python verify_http.py BASE_URL FOLDER
Prints one ``OK``/``DIFF`` line per document; exits 1 when any is not OK.
"""

import pathlib
import re
import sys

import requests

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def main(base, folder):
    files = sorted(pathlib.Path(folder).glob("*.pdf"))
    bad = 0 if files else 1
    for path in files:
        token = path.stem
        url = f"{base}/sakip/verify/{token}"
        session = requests.Session()
        page = session.get(url, timeout=120)
        csrf = CSRF.search(page.text)
        ok = page.status_code == 200 and csrf
        if ok:
            with path.open("rb") as handle:
                answer = session.post(
                    url,
                    data={"csrf_token": csrf.group(1)},
                    files={"document": (path.name, handle, "application/pdf")},
                    timeout=120,
                )
            ok = answer.status_code == 200 and "result-match" in answer.text
        bad += not ok
        sys.stdout.write(
            f"{'OK' if ok else 'DIFF'} verification page of token {token[:8]}…: "
            f"{'upload matches the document of record' if ok else page.status_code}\n"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
