# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Run by ``odoo shell`` on the OLD code (commit fa568c1), in the upgrade
test's database installed with demo data: the records an existing office
holds, made through the workflow as the right demo users.

- The Kepala Dinas's 2026 agreement signed through a whole run (14 steps, one
  send-back at step 9): the meeting and its numbered invitation, every bidang
  submitted, the PDF of record with its hash and verification token, the
  numbered cover letter, the copies and the email to the recipients.
- A 2027 agreement (a copy of it) whose run stopped at step 6 with one bidang
  submitted, and a line-change note on it.

Then writes the picture of those records (snapshot.py) to $UPGRADE_SNAPSHOT.
Reads UPGRADE_DIR (this folder) and UPGRADE_SNAPSHOT from the environment.
"""
# ruff: noqa: F821 (``env`` is the shell's)

import base64
import json
import os
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.environ["UPGRADE_DIR"])
import mailstub
import snapshot

M = "sakip_penetapan_kinerja"


def say(*parts):
    """One line of the script's output (read by run.sh)."""
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")


mailstub.install(env)
users = {
    role: env.ref(f"{M}.user_{xmlid}")
    for role, xmlid in (("head", "kadis"), ("secretary", "sekdis"), ("planner", "perencana"))
}


def upload(user, name):
    return (
        env["ir.attachment"]
        .with_user(user)
        .create(
            {
                "name": name,
                "datas": base64.b64encode(b"%PDF-1.4 scan of " + name.encode()),
                "res_model": "sakip.sop.run.step.wizard",
                "res_id": 0,
            }
        )
    )


def start(pk):
    pk.with_user(users["head"]).action_start_sop_run()
    run = pk.sop_run_ids.filtered(lambda r: r.state in ("draft", "running"))
    run.with_user(users["head"]).write({"disposition_text": f"<p>Susun {pk.display_name}.</p>"})
    run.with_user(users["head"]).action_start()
    return run


def submit(submissions):
    """Each bidang submits its lines, as one of the users it was sent to."""
    for submission in submissions:
        submission.with_user(submission.user_ids[:1]).action_submit()


def advance(run, until=15, send_back_at=None):
    """Do the steps of ``run`` as their actors until step ``until`` is current."""
    sent_back = False
    while run.state == "running" and run.current_step_id.sequence < until:
        step = run.current_step_id
        number = step.sequence
        actor = {9: "secretary", 10: "secretary", 11: "head"}.get(number, "planner")
        user = users[actor]
        kwargs = {}
        if number == 4:
            now = datetime.now().replace(microsecond=0)
            env["sakip.sop.meeting.wizard"].with_user(user).create(
                {
                    "run_id": run.id,
                    "name": f"Rapat penyusunan {run.name}",
                    "start": now - timedelta(hours=2),
                    "stop": now - timedelta(hours=1),
                    "location": "Aula Dinas Pendidikan",
                }
            ).action_confirm()
        elif number == 5:
            kwargs["attachment_ids"] = (
                upload(user, "Berita Acara Rapat.pdf") | upload(user, "Notula Rapat.pdf")
            ).ids
        elif number == 6:
            submit(
                env["sakip.pk.submission"].search(
                    [("step_id", "=", step.id), ("state", "!=", "submitted")]
                )
            )
            env.invalidate_all()
            continue
        elif number == 13:
            kwargs["quantity"] = 4
        if number == send_back_at and not sent_back:
            step.with_user(user).action_send_back("Selaraskan dengan Renstra.")
            sent_back = True
        else:
            step.with_user(user).action_done(**kwargs)
        env.invalidate_all()


signed = env.ref(f"{M}.pk_2026_kadis")
stopped = signed.copy({"fiscal_year": 2027})
env.cr.commit()

# 1. The whole run: signed, numbered, sent.
run_signed = start(signed)
advance(run_signed, send_back_at=9)
assert run_signed.state == "done", run_signed.state
assert signed.state == "signed" and signed.record_sha256 and signed.verify_token, signed.state
assert signed.cover_letter_id.name and signed.cover_letter_id.record_sha256
assert signed.distributed_at and signed.copy_count == 4
env.cr.commit()

# 2. The stopped run: at step 6 with one bidang submitted, a line changed.
line = stopped.indicator_ids[:1]
line.with_user(users["planner"]).write({"name": line.name + " (revisi)"})
run_stopped = start(stopped)
advance(run_stopped, until=6)
collection = run_stopped.current_step_id
assert collection.sequence == 6 and collection.state == "in_progress", collection.sequence
submissions = env["sakip.pk.submission"].search([("step_id", "=", collection.id)])
assert len(submissions) > 1, "the stopped run needs more than one bidang"
submit(submissions[:1])
env.invalidate_all()
assert collection.state == "in_progress"
env.cr.commit()

picture = snapshot.take(env)
picture["refs"] = {
    "signed_pk": signed.id,
    "stopped_pk": stopped.id,
    "signed_run": run_signed.id,
    "stopped_run": run_stopped.id,
    "cover_letter": signed.cover_letter_id.id,
    "invitations": (run_signed | run_stopped).invitation_id.ids,
}
with open(os.environ["UPGRADE_SNAPSHOT"], "w", encoding="utf-8") as handle:
    json.dump(picture, handle, indent=1, sort_keys=True)
say(
    "OLD DATA READY:",
    f"{signed.display_name} {signed.state}, cover letter {signed.cover_letter_id.name};",
    f"{stopped.display_name} at step {collection.sequence},",
    f"{len(submissions.filtered(lambda s: s.state == 'submitted'))}/{len(submissions)} submitted",
)
