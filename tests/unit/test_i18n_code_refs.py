"""Every term of the code (Python ``_()``, JavaScript ``_t()``, the OWL
templates) is translated at runtime by ``i18n/id.po``.

Odoo reads the code translations through its ``PoFileReader``, which merges
the template ``i18n/sakip_penetapan_kinerja.pot`` into the catalogue: a term
is translated in Python only from an entry with a ``#: code:`` reference and
the ``odoo-python`` flag (``odoo-javascript`` for the web client), in the
template too. An entry with the same text but only ``model:`` references (a
button, a field label) leaves the code term in English, as "Sign" and "SOP
step" were on the "My work" home."""

from pathlib import Path

import polib
from babel.messages.extract import extract

from odoo.tools.translate import PoFileReader, babel_extract_qweb

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "code:addons/sakip_penetapan_kinerja/"
PO = {e.msgid: e for e in polib.pofile(str(ROOT / "i18n" / "id.po")) if not e.obsolete}
#: What Odoo loads as code translations: {(flag, source)} of the code rows. Its
#: reader merges the template when the catalogue lies in ``<addon>/i18n/``
#: (not in a checkout named otherwise): merged here in any case.
_READER = PoFileReader(str(ROOT / "i18n" / "id.po"))
_READER.pofile.merge(polib.pofile(str(ROOT / "i18n" / "sakip_penetapan_kinerja.pot")))
LOADED = {
    (flag, row["src"])
    for row in _READER
    if row["type"] == "code" and row["value"]
    for flag in row["comments"].split("\n")
}


def _code_terms():
    for folder in ("models", "wizards", "controllers", "tools", "report"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            with path.open("rb") as file:
                for _line, message, _comments, _context in extract(
                    "python", file, keywords={"_": None, "_lt": None}
                ):
                    yield path, message[0] if isinstance(message, tuple) else message, "odoo-python"
    for path in sorted((ROOT / "static" / "src").rglob("*.js")):
        with path.open("rb") as file:
            for _line, message, _comments, _context in extract(
                "javascript", file, keywords={"_t": None, "_lt": None}
            ):
                yield path, message[0] if isinstance(message, tuple) else message, "odoo-javascript"
    for path in sorted((ROOT / "static" / "src").rglob("*.xml")):
        with path.open("rb") as file:
            for _line, _function, message, _comments in babel_extract_qweb(file, [], [], {}):
                yield path, message, "odoo-javascript"


def test_every_code_term_names_its_file():
    missing = []
    for path, message, _flag in _code_terms():
        reference = PREFIX + str(path.relative_to(ROOT))
        entry = PO.get(message)
        if entry is None or reference not in {where for where, _line in entry.occurrences}:
            missing.append(f"{reference}: {message!r}")
    assert not missing, "code terms without their id.po reference:\n" + "\n".join(missing)


def test_every_code_term_is_loaded():
    """As Odoo loads the catalogue (merged with the template)."""
    missing = [
        f"{path.relative_to(ROOT)}: {message!r} ({flag})"
        for path, message, flag in _code_terms()
        if (flag, message) not in LOADED
    ]
    assert not missing, "code terms Odoo would leave in English:\n" + "\n".join(missing)
