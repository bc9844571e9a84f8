# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Open a quarter of a demo agreement through its measurement SOP, as Tim
Perencanaan (issue 15): the bidangs can then enter their realisation (the
phone screenshot of README's "Capaian Kinerja" section is taken on it).

Run it in ``odoo shell`` against the demo database (``make run`` first)::

    .venv/bin/odoo shell -c .run/run.conf -d sakip_demo --no-http \\
        < scripts/demo_open_quarter.py

``SAKIP_PK`` (an agreement's XML id, default the 2026 SD agreement measured
by the demo) and ``SAKIP_QUARTER`` (1-4, default 3) choose the quarter. A
quarter already open is reused; nothing else changes."""

import os

MODULE = "sakip_penetapan_kinerja"

pk = env.ref(os.environ.get("SAKIP_PK", f"{MODULE}.pk_2026_kabid_sd"))  # noqa: F821
quarter = os.environ.get("SAKIP_QUARTER", "3")
planner = env.ref(f"{MODULE}.user_perencana")  # noqa: F821
Measurement = env["sakip.pk.measurement"].with_user(planner)  # noqa: F821
measurement = Measurement.search([("pk_id", "=", pk.id), ("quarter", "=", quarter)])
if not measurement:
    measurement = Measurement.create({"pk_id": pk.id, "quarter": quarter})
    measurement.action_sop_open_quarter()
    env.cr.commit()  # noqa: F821
for part in measurement.part_ids:
    print(
        f"{measurement.display_name} [{measurement.id}] {measurement.state}: "
        f"{part.department_id.name} -> {', '.join(part.user_ids.mapped('login'))} ({part.state})"
    )
