# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A world of its own for the SOP engine tests: an office (company) with its
working calendar, its actor lanes, a copy of the seeded SOP and one user per
role, so that the users of other offices (the demo's) are never assigned."""

from datetime import datetime

import pytz

from odoo import Command
from odoo.tests import new_test_user

MODULE = "sakip_penetapan_kinerja"
TZ = pytz.timezone("Asia/Jakarta")

#: Role -> security group of the test users.
ROLE_GROUPS = {
    "head": f"{MODULE}.group_sakip_head",
    "secretary": f"{MODULE}.group_sakip_secretary",
    "planner": f"{MODULE}.group_sakip_planner",
    "planner2": f"{MODULE}.group_sakip_planner",
    "staff": f"{MODULE}.group_sakip_staff",
    "admin": f"{MODULE}.group_sakip_admin",
    "outsider": "base.group_user",
}


def local(*args):
    """Naive UTC datetime of a local (Jakarta) wall-clock time."""
    return TZ.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def create_calendar(env, company, name):
    """The office's working calendar: Monday to Friday, 08-12 and 13-16, Jakarta."""
    return env["resource.calendar"].create(
        {
            "name": f"{name}: Senin-Jumat 08-12, 13-16",
            "company_id": company.id,
            "tz": "Asia/Jakarta",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": begin,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for period, begin, end in (("morning", 8, 12), ("afternoon", 13, 16))
            ],
        }
    )


def create_users(env, company, name, login_prefix, roles=None):
    """One user per role (:data:`ROLE_GROUPS` by default) of ``company``."""
    roles = ROLE_GROUPS if roles is None else roles
    return {
        role: new_test_user(
            env,
            login=f"{login_prefix}.{role}",
            name=f"{role.capitalize()} {name}",
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Asia/Jakarta",
        )
        for role, groups in roles.items()
    }


def create_office(env, name, login_prefix, roles=None):
    """Create an office with calendar, actors, SOP (copy of the seed) and users.

    Return a dict: company, calendar, sop, actors (code -> actor), users (role -> user).
    ``roles`` maps roles to groups, :data:`ROLE_GROUPS` by default.
    """
    company = env["res.company"].create({"name": name})
    calendar = create_calendar(env, company, name)
    company.sakip_calendar_id = calendar
    seed = env.ref(f"{MODULE}.sop_penyusunan_pk")
    seed_actors = (
        seed.step_ids.actor_id
        | seed.step_ids.participant_actor_ids
        | seed.step_ids.invitee_actor_ids
    )
    actors = {
        actor.code: env["sakip.sop.actor"].create(
            {
                "name": actor.name,
                "code": actor.code,
                "group_id": actor.group_id.id,
                "sequence": actor.sequence,
                "company_id": company.id,
            }
        )
        for actor in seed_actors
    }
    for seed_actor in seed_actors.filtered("superior_actor_id"):
        actors[seed_actor.code].superior_actor_id = actors[seed_actor.superior_actor_id.code]
    sop = seed.copy(
        default={
            "company_id": company.id,
            "is_current": True,
            "step_ids": [
                Command.create(
                    {
                        "sequence": step.sequence,
                        "name": step.name,
                        "actor_id": actors[step.actor_id.code].id,
                        "duration_value": step.duration_value,
                        "duration_unit": step.duration_unit,
                        "output": step.output,
                        "kind": step.kind,
                        "activity_type_id": step.activity_type_id.id,
                        "instructions": step.instructions,
                        "output_ids": [
                            Command.create(
                                {
                                    "sequence": out.sequence,
                                    "name": out.name,
                                    "required": out.required,
                                }
                            )
                            for out in step.output_ids
                        ],
                        "quantity_label": step.quantity_label,
                        "invitee_actor_ids": [
                            Command.set([actors[a.code].id for a in step.invitee_actor_ids])
                        ],
                        "invitee_group_ids": [Command.set(step.invitee_group_ids.ids)],
                        "letter_type_code": step.letter_type_code,
                        "addressee_text": step.addressee_text,
                        # The seed's step: remapped to the copy's step of that number.
                        "send_back_step_id": step.send_back_step_id.id,
                    }
                )
                for step in seed.step_ids
            ],
        }
    )
    users = create_users(env, company, name, login_prefix, roles)
    return {
        "company": company,
        "calendar": calendar,
        "sop": sop,
        "actors": actors,
        "users": users,
    }
