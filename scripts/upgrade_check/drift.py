# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What ``-u`` does not give an existing database: the shipped data files are
``noupdate``, so a record created by an older version keeps its old values.

``report(env, module)`` reads the data files of the module's manifest (demo
excluded) and lists, for each ``noupdate`` record, the plain fields (text,
numbers, selections, booleans, ``ref=`` links) whose value in the database
differs from the file: what a migration must bring (or say why not). Fields
given by ``eval`` other than True/False, and HTML, are not compared, nor the
fields the demo files set on the same record (the test database has demo
data)."""

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tools.misc import file_path

PLAIN = {"char", "text", "selection", "integer", "float", "boolean", "many2one"}


def _value_of(env, module, field, node):
    if node.get("ref"):
        ref = node.get("ref")
        return env.ref(ref if "." in ref else f"{module}.{ref}", raise_if_not_found=False)
    if node.get("eval") is not None:
        text = node.get("eval").strip()
        if field.type == "boolean" and text in ("True", "False", "1", "0"):
            return text in ("True", "1")
        return NotImplemented
    text = node.text or ""
    if field.type == "integer":
        return int(text)
    if field.type == "float":
        return float(text)
    if field.type == "boolean":
        return text.strip() in ("True", "1")
    return text


def _same(field, expected, actual):
    if field.type == "many2one":
        return actual == (expected or actual.browse())
    if field.type in ("char", "text"):
        return (actual or "").strip() == (expected or "").strip()
    if field.type == "selection":
        return (actual or "") == (expected or "")
    if field.type == "float":
        return abs((actual or 0.0) - expected) < 1e-6
    return actual == expected


def _records(module, key):
    """(xmlid, <record> node, its file's root) of the XML files of ``key``."""
    for name in get_manifest(module).get(key, []):
        if not name.endswith(".xml"):
            continue
        root = etree.parse(file_path(f"{module}/{name}")).getroot()
        for record in root.iter("record"):
            xmlid = record.get("id")
            yield (xmlid if "." in xmlid else f"{module}.{xmlid}"), record, root


def report(env, module):
    env = env(context={"lang": "en_US", "active_test": False})
    notes = []
    demo = {
        (xmlid, node.get("name"))
        for xmlid, record, _root in _records(module, "demo")
        for node in record.iter("field")
    }
    for xmlid, record, root in _records(module, "data"):
        parent = record.getparent()
        noupdate = parent.get("noupdate", root.get("noupdate", "0")) in ("1", "True")
        if not noupdate:
            continue
        model = record.get("model")
        if model not in env:
            notes.append(f"{xmlid}: model {model} is gone")
            continue
        found = env.ref(xmlid, raise_if_not_found=False)
        if not found:
            notes.append(f"{xmlid}: missing")
            continue
        for node in record.iter("field"):
            field = env[model]._fields.get(node.get("name"))
            if field is None:
                notes.append(f"{xmlid}.{node.get('name')}: field gone")
                continue
            if field.type not in PLAIN or (xmlid, field.name) in demo:
                continue
            expected = _value_of(env, module, field, node)
            if expected is NotImplemented:
                continue
            actual = found[field.name]
            if not _same(field, expected, actual):
                shown = actual.display_name if field.type == "many2one" else actual
                wanted = expected.display_name if field.type == "many2one" else expected
                notes.append(
                    f"{xmlid}.{field.name} is {str(shown)[:60]!r}, "
                    f"the data file says {str(wanted)[:60]!r}"
                )
    return notes
