"""Every term of the code (Python ``_()``, JavaScript ``_t()``, the OWL
templates) has an Indonesian entry in ``i18n/id.po`` that names its file.

Odoo translates code terms only from entries with a ``#: code:<file>``
reference: an entry that has the same text but only ``model:`` references
(a button, a field label) leaves the code term in English, as "Sign" and
"SOP step" were on the "My work" home."""

from pathlib import Path

import polib
from babel.messages.extract import extract

from odoo.tools.translate import babel_extract_qweb

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "code:addons/sakip_penetapan_kinerja/"
PO = {e.msgid: e for e in polib.pofile(str(ROOT / "i18n" / "id.po")) if not e.obsolete}


def _code_terms():
    for folder in ("models", "wizards", "controllers", "tools", "report"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            with path.open("rb") as file:
                for _line, message, _comments, _context in extract(
                    "python", file, keywords={"_": None, "_lt": None}
                ):
                    yield path, message[0] if isinstance(message, tuple) else message
    for path in sorted((ROOT / "static" / "src").rglob("*.js")):
        with path.open("rb") as file:
            for _line, message, _comments, _context in extract(
                "javascript", file, keywords={"_t": None, "_lt": None}
            ):
                yield path, message[0] if isinstance(message, tuple) else message
    for path in sorted((ROOT / "static" / "src").rglob("*.xml")):
        with path.open("rb") as file:
            for _line, _function, message, _comments in babel_extract_qweb(file, [], [], {}):
                yield path, message


def test_every_code_term_names_its_file():
    missing = []
    for path, message in _code_terms():
        reference = PREFIX + str(path.relative_to(ROOT))
        entry = PO.get(message)
        if entry is None or reference not in {where for where, _line in entry.occurrences}:
            missing.append(f"{reference}: {message!r}")
    assert not missing, "code terms without their id.po reference:\n" + "\n".join(missing)
