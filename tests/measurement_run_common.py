# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Driving a quarterly measurement through its SOP run (Pengukuran Kinerja
Triwulan) in the tests: the status moves only through the run's steps."""


def current_step(measurement):
    """The step in progress of the measurement's running run."""
    run = measurement._sop_running_run()
    return run.step_ids.filtered(lambda step: step.state == "in_progress")


def approve_through_run(measurement, planner, secretary, head):
    """Open the quarter, submit every bidang's part as the planner, then
    verify (planner), review (secretary) and approve (head)."""
    measurement.with_user(planner).action_sop_open_quarter()
    measurement.part_ids.with_user(planner).action_submit()
    for user in (planner, planner, secretary, head):
        current_step(measurement).with_user(user).action_done()
