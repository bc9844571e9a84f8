# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one rule of the addon's integrity: fields owned by the workflow.

Every stored model of the addon inherits :class:`SakipWorkflowOwnedMixin` and
declares, once, which of its stored fields the workflow owns
(``_sakip_workflow_fields``: states, who and when signed, dates of record,
tokens, hashes, documents of record, numbers, counters, links to letters and
runs, the revision chain, stored totals and copies) and which a user may edit
(``_sakip_user_fields``). A ``create`` or ``write`` by anyone — whatever the
group, SAKIP administrator and superuser included — that touches an owned
field is refused; so is a ``create`` that would put a record directly in a
workflow state. Only the workflow's own methods write those fields, through
the one explicit path of this mixin: :meth:`_sakip_workflow_write`,
:meth:`_sakip_workflow_create` (and :meth:`_sakip_workflow_unlink`).

Why not a context key: the context of an RPC call is the client's
(``call_kw`` kwargs), and copies of an environment made with ``with_context``
keep it. The permission is a :class:`contextvars.ContextVar` instead, set for
the duration of one call of the path and reset right after (``finally``): it
cannot come over JSON-RPC, belongs to the thread serving the request, and
nothing derived from the records later carries it. Private methods (``_``)
are not callable over RPC.

Stored computed and related fields are written by the ORM's recompute (a
flush through ``_write``), which does not go through ``write``: they need no
permission.
"""

import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import UserError

#: True while the workflow writes its own fields (see the module docstring).
_WORKFLOW_WRITING = contextvars.ContextVar("sakip_workflow_writing", default=False)

#: Fields of the ORM itself, present on every model: never written by hand.
MAGIC_FIELDS = frozenset({"id", "create_uid", "create_date", "write_uid", "write_date"})


class SakipWorkflowOwnedMixin(models.AbstractModel):
    """Fields owned by the workflow: declared once per model, enforced here."""

    _name = "sakip.workflow.owned.mixin"
    _description = "Fields owned by the SAKIP workflow"

    #: Stored fields only the workflow writes (and sets at creation).
    _sakip_workflow_fields = frozenset()
    #: Stored fields users may write, as far as access rights, record rules and
    #: the model's own checks allow. Every stored field of the addon is in
    #: exactly one of the two sets (tests/test_workflow_owned_matrix.py).
    _sakip_user_fields = frozenset()
    #: Whether users may delete records of the model at all (their access
    #: rights and :meth:`_sakip_check_user_unlink` still apply). Records of the
    #: workflow (signed agreements, issued letters, run steps) are never
    #: deleted by users.
    _sakip_user_unlink = True

    # The workflow's path
    @contextlib.contextmanager
    def _sakip_workflow(self):
        """Let the workflow write its own fields for the duration of the block.

        Only the three methods below use it; the permission ends with the
        block, whatever happens in it.
        """
        token = _WORKFLOW_WRITING.set(True)
        try:
            yield
        finally:
            _WORKFLOW_WRITING.reset(token)

    def _sakip_workflow_write(self, vals):
        """The workflow writes ``vals``, owned fields included (``write`` and
        all its checks run as usual)."""
        with self._sakip_workflow():
            return self.write(vals)

    @api.model
    def _sakip_workflow_create(self, vals_list):
        """The workflow creates records with owned fields set (e.g. a letter
        with its number, a new version of an agreement)."""
        with self._sakip_workflow():
            return self.create(vals_list)

    def _sakip_workflow_unlink(self):
        """The workflow deletes records users may not delete."""
        with self._sakip_workflow():
            return self.unlink()

    @api.model
    def _sakip_workflow_is_writing(self):
        """Whether the current call comes through the workflow's path, or
        loads the addon's data files (superuser, while the registry loads the
        modules: a state of the server, not of the request)."""
        return _WORKFLOW_WRITING.get() or bool(
            self.env.su and not self.env.registry.ready and self.env.context.get("install_filename")
        )

    # The guard (one set intersection per create or write)
    def _sakip_model_label(self):
        """The model's name in the user's language."""
        return self.env["ir.model"]._get(self._name).name or self._description

    def _sakip_refuse_owned(self, fnames, creating):
        names = ", ".join(
            sorted(self._fields[fname]._description_string(self.env) for fname in fnames)
        )
        if creating:
            message = self.env._(
                "%(model)s: these fields are set by the workflow (the SOP steps and "
                "their actions), not when a record is created: %(fields)s.",
                model=self._sakip_model_label(),
                fields=names,
            )
        else:
            message = self.env._(
                "%(model)s: these fields are set by the workflow only (the SOP steps "
                "and their actions) and cannot be changed directly: %(fields)s.",
                model=self._sakip_model_label(),
                fields=names,
            )
        raise UserError(message)

    @api.model_create_multi
    def create(self, vals_list):
        owned = self._sakip_workflow_fields
        records = self
        if owned:
            if not self._sakip_workflow_is_writing() and not all(
                owned.isdisjoint(vals) for vals in vals_list
            ):
                touched = set().union(*(owned.intersection(vals) for vals in vals_list))
                self._sakip_refuse_owned(touched, creating=True)
            # Defaults of owned fields in the context (``default_state``...)
            # are the client's, even when the workflow creates (an action called
            # over RPC keeps its caller's context): they are dropped, and the
            # workflow passes its owned values explicitly.
            context = self.env.context
            if any(key.startswith("default_") and key[8:] in owned for key in context):
                records = self.with_env(
                    self.env(
                        context={
                            key: value
                            for key, value in context.items()
                            if not (key.startswith("default_") and key[8:] in owned)
                        }
                    )
                )
        records._sakip_workflow_prepare_create(vals_list)
        return super(SakipWorkflowOwnedMixin, records).create(vals_list).with_env(self.env)

    @api.model
    def _sakip_workflow_prepare_create(self, vals_list):
        """Set the owned values of new records that the workflow gives at
        creation (e.g. a reference from a sequence), after the guard."""

    def write(self, vals):
        owned = self._sakip_workflow_fields
        if owned and not owned.isdisjoint(vals) and not self._sakip_workflow_is_writing():
            self._sakip_refuse_owned(owned.intersection(vals), creating=False)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_sakip_workflow_records(self):
        if self._sakip_workflow_is_writing():
            return
        if not self._sakip_user_unlink:
            raise UserError(
                self.env._(
                    "%(model)s records are kept by the workflow and cannot be deleted "
                    "(%(records)s).",
                    model=self._sakip_model_label(),
                    records=", ".join(self[:5].mapped("display_name")),
                )
            )
        self._sakip_check_user_unlink()

    def _sakip_check_user_unlink(self):
        """Raise UserError if users may not delete these records (models with
        ``_sakip_user_unlink`` override it for their own conditions)."""
