# Copyright 2024 SAKIP Indonesia
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "SAKIP – tier validation benchmark",  # noqa: RUF001
    "summary": "Measurement only: a document with indicator lines approved through "
    "OCA base_tier_validation, for scripts/bench_step_completion.py",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/sakip-id/sakip_penetapan_kinerja",
    "author": "SAKIP Indonesia",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["sakip_penetapan_kinerja", "base_tier_validation"],
    "data": [
        "security/ir.model.access.csv",
        "data/tier_definition_data.xml",
    ],
}
