# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

# The seeded SOP 000.8.33/169/I/2024, step by step:
# (number, duration value, duration unit, output, actor xmlid, participant xmlids)
SEED_STEPS = [
    (1, 10, "minute", "Disposisi Surat", "actor_kepala_dinas", []),
    (
        2,
        4,
        "hour",
        "Format Penyusunan Dokumen Penetapan Kinerja",
        "actor_tim_perencanaan",
        [],
    ),
    (
        3,
        1,
        "hour",
        "Format Penyusunan Dokumen Penetapan Kinerja",
        "actor_tim_perencanaan",
        [],
    ),
    (
        4,
        1,
        "hour",
        "Surat Undangan Rapat Dinas Pendidikan",
        "actor_tim_perencanaan",
        ["actor_sekretaris_dinas"],
    ),
    (
        5,
        2,
        "hour",
        "Draft Penetapan Kinerja (Ranwal)",
        "actor_tim_perencanaan",
        [
            "actor_kepala_dinas",
            "actor_sekretaris_dinas",
            "actor_tim_perencanaan",
            "actor_bidang",
        ],
    ),
    (
        6,
        5,
        "working_day",
        "Draft Penetapan Kinerja (Ranwal)",
        "actor_tim_perencanaan",
        ["actor_bidang"],
    ),
    (
        7,
        2,
        "working_day",
        "Draft Penetapan Kinerja (Ranwal)",
        "actor_tim_perencanaan",
        [],
    ),
    (
        8,
        5,
        "working_day",
        "Draft Penetapan Kinerja (Ranwal)",
        "actor_tim_perencanaan",
        [],
    ),
    (
        9,
        5,
        "working_day",
        "Dokumen Rancangan Akhir",
        "actor_sekretaris_dinas",
        [],
    ),
    (
        10,
        1,
        "working_day",
        "Dokumen Penetapan Kinerja",
        "actor_sekretaris_dinas",
        [],
    ),
    (
        11,
        20,
        "minute",
        "Dokumen Penetapan Kinerja",
        "actor_kepala_dinas",
        ["actor_tim_perencanaan"],
    ),
    (12, 20, "minute", "Surat Pengantar", "actor_tim_perencanaan", []),
    (13, 2, "hour", "Dokumen Penetapan Kinerja", "actor_tim_perencanaan", []),
    (14, 20, "minute", "Dokumen Penetapan Kinerja", "actor_tim_perencanaan", []),
]


@tagged("post_install", "-at_install", "sakip")
class TestSop(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sop = cls.env.ref("sakip_penetapan_kinerja.sop_penyusunan_pk")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.sop = cls.sop.with_env(cls.env)

    def _actor(self, xmlid):
        return self.env.ref(f"sakip_penetapan_kinerja.{xmlid}")

    def test_seed_sop_identity(self):
        sop = self.sop
        self.assertEqual(sop.number, "000.8.33/169/I/2024")
        self.assertEqual(sop.code, "penyusunan_pk")
        self.assertEqual(sop.version, 0)
        self.assertTrue(sop.is_current)
        self.assertEqual(str(sop.date_made), "2024-01-03")
        self.assertEqual(str(sop.date_effective), "2024-01-08")
        self.assertFalse(sop.date_revised)
        self.assertEqual(sop.approver_nip, "19660217 199303 1 002")
        self.assertEqual(len(sop.legal_basis.splitlines()), 5)
        self.assertEqual(
            sop.display_name,
            "000.8.33/169/I/2024 \N{EN DASH} Penyusunan Penetapan Kinerja pada Dinas "
            "Pendidikan Kabupaten Banyumas",
        )

    def test_seed_steps_numbered_in_order(self):
        steps = self.sop.step_ids
        self.assertEqual(len(steps), 14)
        self.assertEqual(self.sop.step_count, 14)
        self.assertEqual(steps.mapped("sequence"), list(range(1, 15)))

    def test_seed_steps_norm_and_output(self):
        steps = self.sop.step_ids
        for step, (number, value, unit, output, __, __) in zip(steps, SEED_STEPS, strict=True):
            with self.subTest(step=number):
                self.assertEqual(step.sequence, number)
                self.assertEqual(step.duration_value, value)
                self.assertEqual(step.duration_unit, unit)
                self.assertEqual(step.output, output)
                expected_minutes = {"minute": value, "hour": value * 60}.get(unit, 0)
                self.assertEqual(step.duration_minutes, expected_minutes)

    def test_seed_steps_actors(self):
        steps = self.sop.step_ids
        for step, (number, __, __, __, actor, participants) in zip(steps, SEED_STEPS, strict=True):
            with self.subTest(step=number):
                self.assertEqual(step.actor_id, self._actor(actor))
                expected = self.env["sakip.sop.actor"].browse(
                    [self._actor(xmlid).id for xmlid in participants]
                )
                self.assertEqual(step.participant_actor_ids, expected)

    def test_seed_step_14_names_bappedalitbang(self):
        step = self.sop.step_ids.filtered(lambda s: s.sequence == 14)
        self.assertIn("Bappedalitbang", step.name)
        self.assertNotIn("BAPPPPEDALITBANG", step.name)

    def test_total_norm(self):
        self.assertEqual(self.sop.norm_working_days, 18)
        # 4 h + 1 h + 1 h + 2 h + 2 h + 10 min + 3 x 20 min = 11 h 10 min
        self.assertEqual(self.sop.norm_minutes, 11 * 60 + 10)
        self.assertEqual(self.sop.norm_display, "18 working days + 11 h 10 min")

    def test_norm_display_formats(self):
        sop_model = self.env["sakip.sop"]
        self.assertEqual(sop_model._format_norm(0, 0), "")
        self.assertEqual(sop_model._format_norm(1, 0), "1 working day")
        self.assertEqual(sop_model._format_norm(2.5, 0), "2.5 working days")
        self.assertEqual(sop_model._format_norm(0, 45), "45 min")
        self.assertEqual(sop_model._format_norm(0, 120), "2 h")
        self.assertEqual(sop_model._format_norm(3, 61), "3 working days + 1 h 1 min")

    def test_norm_follows_step_changes(self):
        step_12 = self.sop.step_ids.filtered(lambda s: s.sequence == 12)
        step_12.duration_value = 50
        self.assertEqual(self.sop.norm_minutes, 700)
        step_12.duration_unit = "working_day"
        self.assertEqual(self.sop.norm_working_days, 68)
        self.assertEqual(self.sop.norm_minutes, 650)

    def test_zero_or_negative_duration_refused_on_create(self):
        count = self.env["sakip.sop.step"].search_count([("sop_id", "=", self.sop.id)])
        for value in (0, -1):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as error:
                    self.env["sakip.sop.step"].create(
                        {
                            "sop_id": self.sop.id,
                            "sequence": 15,
                            "name": "Mengarsipkan dokumen",
                            "actor_id": self._actor("actor_tim_perencanaan").id,
                            "duration_value": value,
                            "duration_unit": "minute",
                        }
                    )
                message = str(error.exception)
                self.assertIn("Mengarsipkan dokumen", message)
                self.assertEqual(
                    self.env["sakip.sop.step"].search_count([("sop_id", "=", self.sop.id)]),
                    count,
                )
        self.sop.invalidate_recordset()
        self.assertEqual(self.sop.step_count, 14)

    def test_zero_or_negative_duration_refused_on_write(self):
        step_12 = self.sop.step_ids.filtered(lambda s: s.sequence == 12)
        for value in (0, -1):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as error:
                    step_12.write({"duration_value": value})
                message = str(error.exception)
                self.assertIn("Pembuatan surat pengantar", message)
                step_12.invalidate_recordset()
                self.assertEqual(step_12.duration_value, 20)
        self.assertEqual(self.sop.norm_minutes, 670)

    def test_only_one_current_sop_per_code(self):
        values = {
            "number": "000.8.33/999/I/2025",
            "name": "Penyusunan Penetapan Kinerja (revisi)",
            "code": "penyusunan_pk",
            "version": 1,
        }
        with self.assertRaises(ValidationError):
            self.env["sakip.sop"].create(dict(values, is_current=True))
        revision = self.env["sakip.sop"].create(dict(values, is_current=False))
        with self.assertRaises(ValidationError):
            revision.is_current = True
        # Hand over: the old version stops being in force, the revision starts.
        self.sop.is_current = False
        revision.is_current = True
        self.assertEqual(
            self.env["sakip.sop"].search(
                [("code", "=", "penyusunan_pk"), ("is_current", "=", True)]
            ),
            revision,
        )
        # Another procedure code may have its own SOP in force.
        other = self.env["sakip.sop"].create(dict(values, code="penyusunan_iku", is_current=True))
        self.assertTrue(other.is_current)

    def test_search_by_number(self):
        sop_model = self.env["sakip.sop"]
        self.assertEqual(sop_model.search([("number", "=", "000.8.33/169/I/2024")]), self.sop)
        found = sop_model.name_search("169/I/2024")
        self.assertEqual([rid for rid, __ in found], [self.sop.id])
        found = sop_model.name_search("Penetapan Kinerja pada Dinas")
        self.assertIn(self.sop.id, [rid for rid, __ in found])
        self.assertEqual(sop_model.search([("display_name", "ilike", "000.8.33/169")]), self.sop)

    def test_actor_code_unique_per_company(self):
        actor_model = self.env["sakip.sop.actor"]
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
        ):
            actor_model.create({"name": "Kepala Dinas (2)", "code": "kepala_dinas"})
        other_company = self.env["res.company"].create({"name": "Dinas Lain"})
        actor = actor_model.create(
            {
                "name": "Kepala Dinas",
                "code": "kepala_dinas",
                "company_id": other_company.id,
            }
        )
        self.assertEqual(actor.company_id, other_company)

    def test_indonesian_translation(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["sakip_penetapan_kinerja"], ["id_ID"], overwrite=True
        )
        sop = self.sop.with_context(lang="id_ID")
        self.assertEqual(sop.norm_display, "18 hari kerja + 11 jam 10 menit")
        menu = self.env.ref("sakip_penetapan_kinerja.menu_sakip_configuration")
        self.assertEqual(menu.with_context(lang="id_ID").name, "Konfigurasi")
        field = (
            self.env["ir.model.fields"]
            .with_context(lang="id_ID")
            ._get("sakip.sop.step", "requirement")
        )
        self.assertEqual(field.field_description, "Persyaratan/Kelengkapan")
        step_12 = sop.step_ids.filtered(lambda s: s.sequence == 12)
        with self.assertRaises(ValidationError) as error:
            step_12.write({"duration_value": 0})
        self.assertEqual(
            str(error.exception),
            "Waktu mutu baku langkah “Pembuatan surat pengantar pengiriman "
            "sekaligus penomoran surat” harus lebih besar dari nol.",
        )
