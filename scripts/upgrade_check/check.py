# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Run by ``odoo shell`` on the NEW code, after ``-u``, in the database that
old_data.py filled on the old code:

1. every record of the picture taken before the upgrade is unchanged
   (counts, numbers, hashes, tokens, states, attachment checksums);
2. each document of record still matches its hash, is flagged immutable, and
   its verification page values say it is valid;
3. the shipped noupdate data the database did not receive (see drift.py):
   failures, as a migration must bring them (UPGRADE_STRICT_DATA=0 only
   reports them);
4. the run stopped at step 6 goes on to step 14 with the new code: the
   agreement signed with its own document of record and the cover letter
   numbered after the old one.

The documents of record are saved under $UPGRADE_WORK/records/<token>.pdf
for verify_http.py, which asks the public verification page about them.

Prints one line per check (``OK``/``DIFF``/``NOTE``) and writes
``{"passed": n, "failures": [...]}`` to $UPGRADE_RESULT.
"""
# ruff: noqa: F821 (``env`` is the shell's)

import hashlib
import json
import os
import sys
import traceback

sys.path.insert(0, os.environ["UPGRADE_DIR"])
import drift
import mailstub
import snapshot

M = "sakip_penetapan_kinerja"


def say(*parts):
    """One line of the script's output (read by run.sh)."""
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")


mailstub.install(env)
with open(os.environ["UPGRADE_SNAPSHOT"], encoding="utf-8") as handle:
    before = json.load(handle)
refs = before.pop("refs")
passed, failures = [0], []


def keep_for_the_page(record):
    """The document of record, saved for verify_http.py (by its token)."""
    folder = os.path.join(os.environ["UPGRADE_WORK"], "records")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{record.verify_token}.pdf"), "wb") as handle:
        handle.write(record.record_attachment_id.raw)


def check(label, ok, detail=""):
    if ok:
        passed[0] += 1
        say(f"OK {label}")
    else:
        failures.append(f"{label}: {detail}")
        say(f"DIFF {label}: {detail}")


users = {
    role: env.ref(f"{M}.user_{xmlid}")
    for role, xmlid in (("head", "kadis"), ("secretary", "sekdis"), ("planner", "perencana"))
}

try:
    # 1. The picture is unchanged.
    after = snapshot.take(env)
    # Procedures this version ships that the old database could not have (the
    # quarterly measurement's SOP, issue 15, post-measop.py): new records, not
    # changed ones; their creation is logged on their chatter.
    new_sops = (
        env["sakip.sop"]
        .with_context(active_test=False)
        .search([("code", "in", ("pengukuran_kinerja",))])
    )
    after["counts"]["sakip_sop"] -= len(new_sops)
    after["counts"]["sakip_sop_step"] -= len(new_sops.step_ids)
    after["counts"]["mail_message"] -= env["mail.message"].search_count(
        [("model", "=", "sakip.sop"), ("res_id", "in", new_sops.ids)]
    )
    for key in sorted(before):
        diffs = snapshot.compare(before[key], after[key], key)
        check(f"unchanged: {key}", not diffs, "; ".join(diffs[:15]))

    # 2. The documents of record.
    Pk, Letter = env["sakip.pk"], env["sakip.letter"]
    for record in (Pk.browse(refs["signed_pk"]), Letter.browse(refs["cover_letter"])):
        att = record.record_attachment_id
        check(
            f"document of record of {record.display_name} matches its hash",
            att and hashlib.sha256(att.raw).hexdigest() == record.record_sha256,
            f"{att} {record.record_sha256}",
        )
        check(f"{att.name} flagged of record", att.sakip_of_record, "not flagged")
        keep_for_the_page(record)
        values = record._sakip_verify_values()
        check(
            f"verification page of {record.display_name} says valid",
            values["status"] == "valid" and values["sha256"] == record.record_sha256,
            str(values.get("status")),
        )
    old_letters = Letter.browse([row["id"] for row in before["rows"]["sakip_letter"]])

    # 3. Shipped noupdate data the upgraded database did not receive.
    notes = drift.report(env, M)
    for note in notes:
        say(f"NOTE noupdate data not received: {note}")
    strict = os.environ.get("UPGRADE_STRICT_DATA", "1") != "0"
    check(
        f"noupdate data received ({len(notes)} differences"
        f"{'' if strict else ', reported only'})",
        not (strict and notes),
        "; ".join(notes[:10]),
    )

    # 4. The stopped run goes on to the end with the new code.
    pk = Pk.browse(refs["stopped_pk"])
    run = env["sakip.sop.run"].browse(refs["stopped_run"])
    step = run.current_step_id
    at_6 = (run.state, step.sequence) == ("running", 6)
    check("stopped run still at step 6", at_6, f"{run.state} {step.sequence}")
    submissions = env["sakip.pk.submission"].search(
        [("step_id", "=", step.id), ("state", "!=", "submitted")]
    )
    for submission in submissions:
        submission.with_user(submission.user_ids[:1]).action_submit()
    env.invalidate_all()
    for _guard in range(30):
        if run.state != "running":
            break
        step = run.current_step_id
        number = step.sequence
        actor = {9: "secretary", 10: "secretary", 11: "head"}.get(number, "planner")
        kwargs = {"quantity": 3} if number == 13 else {}
        if number == 14 and pk.cover_letter_id.state == "to_sign":
            letter = pk.cover_letter_id
            letter.with_user(letter.signer_employee_id.user_id).action_sign()
        step.with_user(users[actor]).action_done(**kwargs)
        env.invalidate_all()
        say(f"CHECK step {number} done by {users[actor].login}")
    steps = run.with_context(active_test=False).step_ids
    check(
        "stopped run finished: steps 6 to 14 done",
        run.state == "done"
        and sorted(set(steps.filtered(lambda s: s.state == "done").mapped("sequence")))
        == list(range(1, 15)),
        f"{run.state} {[(s.sequence, s.state) for s in steps]}",
    )
    att = pk.record_attachment_id
    check(
        f"{pk.display_name} signed with its document of record",
        pk.state == "signed" and att and hashlib.sha256(att.raw).hexdigest() == pk.record_sha256,
        pk.state,
    )
    old_pk = Pk.browse(refs["signed_pk"])
    check(
        "new verification token and hash, distinct from the old agreement's",
        pk.verify_token
        and pk.verify_token != old_pk.verify_token
        and pk.record_sha256 != old_pk.record_sha256,
        pk.verify_token,
    )
    letter, old = pk.cover_letter_id, Letter.browse(refs["cover_letter"])
    same_series = old_letters.filtered(
        lambda x: x.letter_type_id == letter.letter_type_id and x.year == letter.year
    )
    check(
        f"cover letter numbered after the old ones: {old.name} -> {letter.name}",
        letter.name
        and letter.name not in old_letters.mapped("name")
        and letter.seq_number == max(same_series.mapped("seq_number") or [0]) + 1
        and letter.record_sha256 == hashlib.sha256(letter.record_attachment_id.raw).hexdigest(),
        f"{letter.name} seq {letter.seq_number}",
    )
    check("the agreement was sent (step 14)", bool(pk.distributed_at), "not sent")
    keep_for_the_page(pk)
    keep_for_the_page(letter)
    env.cr.commit()
except Exception:
    traceback.print_exc(file=sys.stdout)
    failures.append("check.py stopped: " + traceback.format_exc().strip().splitlines()[-1])

with open(os.environ["UPGRADE_RESULT"], "w", encoding="utf-8") as handle:
    json.dump({"passed": passed[0], "failures": failures}, handle, indent=1)
