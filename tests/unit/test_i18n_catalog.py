"""The Indonesian catalogue is complete and consistent with the template.

``i18n/sakip_penetapan_kinerja.pot`` is what Odoo's exporter finds in the addon
(``make pot`` regenerates it); every term in it must have a reviewed Indonesian
translation in ``i18n/id.po`` that keeps the placeholders of the source.
"""

import re
from pathlib import Path

import polib
import pytest

I18N = Path(__file__).resolve().parents[2] / "i18n"
POT = polib.pofile(str(I18N / "sakip_penetapan_kinerja.pot"))
PO = polib.pofile(str(I18N / "id.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]|%[sdf]|\{(\w*)\}")


def _key(entry):
    return (entry.msgctxt, entry.msgid)


TRANSLATED = {_key(e): e for e in PO if not e.obsolete}


def test_template_is_not_empty():
    assert len(POT) > 100


def test_catalogue_declares_indonesian():
    assert PO.metadata["Language"] == "id"
    assert PO.metadata["Plural-Forms"].startswith("nplurals=1")


@pytest.mark.parametrize("entry", list(POT), ids=lambda e: e.msgid[:60])
def test_every_term_is_translated(entry):
    translation = TRANSLATED.get(_key(entry))
    assert translation is not None, f"missing in id.po: {entry.msgid!r}"
    assert translation.msgstr.strip(), f"untranslated: {entry.msgid!r}"
    assert "fuzzy" not in translation.flags, f"fuzzy: {entry.msgid!r}"


@pytest.mark.parametrize(
    "entry", [e for e in POT if PLACEHOLDER.search(e.msgid)], ids=lambda e: e.msgid[:60]
)
def test_placeholders_are_kept(entry):
    translation = TRANSLATED[_key(entry)]
    assert sorted(PLACEHOLDER.findall(translation.msgstr)) == sorted(
        PLACEHOLDER.findall(entry.msgid)
    ), f"placeholders differ: {entry.msgid!r} -> {translation.msgstr!r}"


def test_no_stale_terms():
    """Terms the addon no longer has are not kept as live entries."""
    template = {_key(e) for e in POT}
    stale = [e.msgid for e in PO if not e.obsolete and _key(e) not in template]
    assert not stale, f"id.po has terms the template does not: {stale[:10]}"
