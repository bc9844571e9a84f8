# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Malformed collection files: a seeded fuzz of the upload, and the row limit.

Every mutated workbook is either refused with a message (UserError) changing
nothing, or accepted; never a traceback.
"""

import base64
import logging
import random
import re
import struct
import time
import zipfile
from io import BytesIO

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import collection_rules, collection_xlsx
from ..tools.collection_rules import QUARTER_KEYS
from .collection_common import CollectionCase
from .test_pk_collection_import import INDICATORS, PROGRAMS

_logger = logging.getLogger(__name__)

SEED = 20261130
CASES = 150

SHEETS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml")
BAD_NUMBERS = (b"NaN", b"INF", b"-INF", b"abc", b"1e999", b"", b"1,5", b"0x10", b" ", b"--1")
HUGE_NUMBERS = (b"1e15", b"1e308", b"9.99e307", b"1e300", b"-1e308", b"0", b"0.001", b"-5")


def _parts(data):
    archive = zipfile.ZipFile(BytesIO(data))
    return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(parts, method=zipfile.ZIP_DEFLATED):
    output = BytesIO()
    with zipfile.ZipFile(output, "w", method) as target:
        for info, content in parts:
            target.writestr(info.filename, content)
    return output.getvalue()


def _change(data, rng, change, names=None):
    """Apply ``change(content, rng)`` to one part (of ``names`` if given)."""
    parts = _parts(data)
    candidates = [i for i, (info, _c) in enumerate(parts) if not names or info.filename in names]
    index = rng.choice(candidates)
    info, content = parts[index]
    parts[index] = (info, change(content, rng))
    return _zip(parts)


def _replace_values(content, rng, pattern, values):
    matches = list(re.finditer(pattern, content))
    if not matches:
        return content + b"\x01"
    match = rng.choice(matches)
    return content[: match.start(1)] + rng.choice(values) + content[match.end(1) :]


def _truncate(data, rng):
    return _change(data, rng, lambda c, r: c[: r.randrange(len(c))] if c else c)


def _corrupt(data, rng):
    def change(content, r):
        if not content:
            return b"<"
        start = r.randrange(len(content))
        return content[:start] + r.randbytes(r.randint(1, 8)) + content[start + 8 :]

    return _change(data, rng, change)


def _control_char(data, rng):
    def change(content, r):
        at = r.randrange(len(content) or 1)
        char = bytes([r.choice([0, 1, 2, 7, 8, 11, 12, 27, 31])])
        return content[:at] + char + content[at:]

    return _change(data, rng, change, (*SHEETS, "xl/sharedStrings.xml", "xl/workbook.xml"))


def _escaped_control_char(data, rng):
    """A control character as a character reference or Excel's _xHHHH_ escape."""

    def change(content, r):
        escape = r.choice([b"&#1;", b"&#x1F;", b"_x0001_", b"_x001B_", b"&#x9B;"])
        texts = [match.end() for match in re.finditer(rb"<t[^>]*>", content)]
        at = r.choice(texts[len(texts) // 2 :])  # the later strings: those of the lines
        return content[:at] + escape + content[at:]

    return _change(data, rng, change, ("xl/sharedStrings.xml",))


def _bad_number(data, rng):
    return _change(
        data,
        rng,
        lambda c, r: _replace_values(
            c, r, rb'<c r="[C-J]\d+"[^>]*?(?<!t="s")><v>([^<]*)</v>', BAD_NUMBERS
        ),
        SHEETS,
    )


def _bad_shared_string(data, rng):
    values = (b"99999", b"-1", b"x", b"", b"1.5", b"4294967296")
    return _change(
        data, rng, lambda c, r: _replace_values(c, r, rb't="s"><v>([^<]*)</v>', values), SHEETS
    )


def _huge_number(data, rng):
    return _change(
        data,
        rng,
        lambda c, r: _replace_values(
            c, r, rb'<c r="[CEGHIJ]\d+"[^>]*?(?<!t="s")><v>([^<]*)</v>', HUGE_NUMBERS
        ),
        SHEETS,
    )


def _broken_zip(data, rng):
    choice = rng.randrange(5)
    if choice == 0:  # the archive cut short
        return data[: rng.randrange(len(data))]
    if choice == 1:  # bytes flipped in the middle of a member (bad CRC or inflate error)
        at = rng.randrange(100, len(data) - 100)
        return data[:at] + bytes(b ^ 0xFF for b in data[at : at + 4]) + data[at + 4 :]
    if choice == 2:  # a member without which there is no workbook
        drop = rng.choice(
            ["xl/workbook.xml", "xl/sharedStrings.xml", "[Content_Types].xml", *SHEETS]
        )
        return _zip([(i, c) for i, c in _parts(data) if i.filename != drop])
    if choice == 3:  # an unsupported compression method (e.g. 99, AES)
        output = bytearray(data)
        for match in re.finditer(rb"PK\x01\x02", bytes(output)):
            output[match.start() + 10 : match.start() + 12] = struct.pack("<H", 99)
        for match in re.finditer(rb"PK\x03\x04", bytes(output)):
            output[match.start() + 8 : match.start() + 10] = struct.pack("<H", 99)
        return bytes(output)
    # the parts stored with another supported method
    return _zip(_parts(data), rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))


MUTATIONS = (
    _truncate,
    _corrupt,
    _control_char,
    _escaped_control_char,
    _bad_number,
    _bad_shared_string,
    _huge_number,
    _broken_zip,
)


def many_rows(data, count, part="xl/worksheets/sheet3.xml"):
    """The workbook ``data`` with ``count`` programme rows on its Program sheet."""
    rows = b"".join(
        b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>Program %d</t></is></c>'
        b'<c r="C%d"><v>%d</v></c></row>' % (r, r, r, r, r * 1000)
        for r in range(4, 4 + count)
    )
    parts = []
    for info, content in _parts(data):
        if info.filename == part:
            head, rest = content.split(b"<sheetData>")
            kept = rest.split(b"</sheetData>")[0].split(b'<row r="4"')[0]
            content = (
                head
                + b"<sheetData>"
                + kept
                + rows
                + b"</sheetData>"
                + rest.split(b"</sheetData>")[1]
            )
        parts.append((info, content))
    return _zip(parts)


@tagged("post_install", "-at_install", "sakip")
class TestPkCollectionFuzz(CollectionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        run = cls._start_cls()
        cls.sd = run.env["sakip.pk.submission"].search(
            [("run_id", "=", run.id), ("department_id", "=", cls.dep_sd.id)]
        )
        # Lines on the agreement before the uploads: a refusal keeps them as they are.
        cls.env["sakip.pk.program"].create(
            {
                "pk_id": cls.pk.id,
                "department_id": cls.dep_sd.id,
                "name": "Program Pengembangan Kurikulum",
                "budget": 1_254_300_000,
            }
        )
        # The format as the addon makes it (shared strings, as Excel writes them too).
        keys = ("objective", "name", "uom", "target", "target_text", *QUARTER_KEYS)
        objective = None
        indicators = []
        for row in INDICATORS:
            values = dict(zip(keys, row, strict=True))
            objective = values["objective"] = values["objective"] or objective
            indicators.append(values)
        programs = [dict(zip(("name", "budget", "note"), row, strict=True)) for row in PROGRAMS]
        cls.valid = collection_xlsx.build_workbook(cls.sd._format_meta(), indicators, programs)

    @classmethod
    def _start_cls(cls):
        head, planner = cls.users["head"], cls.users["planner"]
        cls.pk.with_user(head).action_start_sop_run()
        run = cls.pk.sop_run_ids
        run.with_user(head).write({"start_text": "<p>Susun PK sesuai SOP.</p>"})
        run.with_user(head).action_start()
        for _number in (2, 3, 4, 5):
            run.current_step_id.with_user(planner).action_done()
        return run

    def _state(self):
        """Every row the uploads could change, as the database has it."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "SELECT id, name, target, target_q4 FROM sakip_pk_indicator "
            "WHERE pk_id = %s ORDER BY id",
            [self.pk.id],
        )
        indicators = cr.fetchall()
        cr.execute(
            "SELECT id, name, budget FROM sakip_pk_program WHERE pk_id = %s ORDER BY id",
            [self.pk.id],
        )
        programs = cr.fetchall()
        cr.execute(
            "SELECT state, file_attachment_id FROM sakip_pk_submission WHERE id = %s", [self.sd.id]
        )
        return indicators, programs, cr.fetchall()

    def _upload(self, data):
        wizard = (
            self.env["sakip.pk.submission.upload.wizard"]
            .with_user(self.staff_sd)
            .create(
                {"submission_id": self.sd.id, "file": base64.b64encode(data), "filename": "x.xlsx"}
            )
        )
        wizard.action_preview()
        wizard.action_confirm()

    def test_fuzz_malformed_workbooks(self):
        rng = random.Random(SEED)
        counts = {"refused": 0, "accepted": 0, "traceback": 0, "changed_on_refusal": 0}
        tracebacks, accepted = [], []
        before = self._state()
        for number in range(CASES):
            mutation = MUTATIONS[number % len(MUTATIONS)]
            data = mutation(self.valid, rng)
            try:
                with self.env.cr.savepoint():
                    try:
                        self._upload(data)
                    except (UserError, ValidationError) as error:
                        message = str(error)
                        self.assertTrue(message.strip())
                        self.assertNotIn("Traceback", message)
                        counts["refused"] += 1
                        raise
                    counts["accepted"] += 1
                    accepted.append(mutation.__name__)
                    raise _Rollback()
            except (UserError, ValidationError):
                self.env.invalidate_all()
                if self._state() != before:
                    counts["changed_on_refusal"] += 1
            except _Rollback:
                self.env.invalidate_all()
            except Exception as error:  # pylint: disable=broad-exception-caught
                # What the test counts: any other exception is a traceback for the user.
                self.env.invalidate_all()
                counts["traceback"] += 1
                tracebacks.append(f"{mutation.__name__} #{number}: {error!r}")
            self.assertEqual(self._state(), before, f"{mutation.__name__} #{number}")
        _logger.info(
            "Collection upload fuzz (seed %s, %s workbooks): %s; accepted (still valid): %s",
            SEED,
            CASES,
            counts,
            sorted(accepted),
        )
        self.assertEqual(counts["traceback"], 0, tracebacks)
        self.assertEqual(counts["changed_on_refusal"], 0)
        self.assertGreaterEqual(counts["refused"], 100)
        self.assertEqual(counts["refused"] + counts["accepted"], CASES)

    def test_row_limit_refused_fast_and_accepted_at_the_limit(self):
        self.assertEqual(collection_rules.MAX_ROWS, 2000)
        huge = many_rows(self.valid, 100_000)
        before = self._state()
        start = time.perf_counter()
        with self.assertRaises(UserError) as caught:
            self._upload(huge)
        refused = time.perf_counter() - start
        self.assertIn("Sheet Program, row 2004: more than 2,000 filled rows", str(caught.exception))
        self.assertEqual(self._state(), before)
        self.assertLess(refused, 3.0, "100,000 rows are refused before the sheet is read")

        at_limit = many_rows(self.valid, 2000)
        start = time.perf_counter()
        self._upload(at_limit)
        accepted = time.perf_counter() - start
        self.assertEqual(self.sd.state, "submitted")
        self.assertEqual(self.sd.program_count, 2000)
        _logger.info(
            "Collection upload: 100,000 rows (%s bytes) refused in %.3f s; "
            "2,000 rows (%s bytes) accepted in %.3f s",
            len(huge),
            refused,
            len(at_limit),
            accepted,
        )


class _Rollback(Exception):
    """Undoes an accepted upload (the savepoint rolls back)."""
