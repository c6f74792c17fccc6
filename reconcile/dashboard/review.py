"""Review actions as decisions: what a button press changes, and how an audit entry reads.

Pure: a form's fields in, the change set for repo.review_conflict out (the function the API's
PATCH uses too, so both write the same audit events), or InvalidInput naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from reconcile.dashboard.figures import parse_value
from reconcile.dashboard.text import when
from reconcile.domain import ConflictKind, format_number
from reconcile.errors import InvalidInput
from reconcile.models import ConflictEvent

Action = Literal["confirm", "dismiss", "resolve", "reopen", "assign", "note"]
BULK_ACTIONS: frozenset[str] = frozenset({"confirm", "dismiss", "reopen"})
MAX_NOTE = 5000
MAX_NAME = 80

STATUS_OF: dict[str, str] = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open"}

SHORTCUTS: list[tuple[tuple[str, ...], str]] = [
    (("j", "k"), "next / previous conflict"),
    (("x",), "select the current conflict for a bulk action (on the queue)"),
    (("o", "Enter"), "open the current conflict"),
    (("c",), "confirm: a real conflict (the selected ones, or the current one)"),
    (("d",), "dismiss: not a real conflict"),
    (("r",), "resolve: enter the accepted value and a note"),
    (("a",), "assign to me (on a conflict's page)"),
    (("/",), "search claim text (on the queue)"),
    (("?",), "show or hide these shortcuts"),
]


class ReviewForm(BaseModel):
    """The fields a review form can send; which ones count depends on the action."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    action: Action
    csrf: str = ""
    value: str = ""
    note: str = ""
    assignee: str = ""
    source: str = ""
    return_to: str = ""


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors=[{"field": field, "message": message}])


def changes_for(form: ReviewForm, kind: ConflictKind, reviewer: str) -> dict[str, Any]:
    """The change set one action makes. Resolving needs the accepted answer and a note."""
    note = form.note or None
    if note and len(note) > MAX_NOTE:
        raise _invalid("note", f"a note is at most {MAX_NOTE} characters")
    if form.action in STATUS_OF:
        return {"status": STATUS_OF[form.action], **({"note": note} if note else {})}
    if form.action == "assign":
        assignee = form.assignee or None
        if assignee == "me":
            assignee = reviewer
        if assignee and len(assignee) > MAX_NAME:
            raise _invalid("assignee", f"a reviewer name is at most {MAX_NAME} characters")
        return {"assignee": assignee}
    if form.action == "note":
        if not note:
            raise _invalid("note", "write a note first")
        return {"note": note}
    # resolve
    if not note:
        raise _invalid("note", "say why: resolving needs a note")
    if kind == "attribution":
        # The schema has no column for an accepted source; it leads the note instead, so the
        # audit trail and the API both carry it.
        if not form.source:
            raise _invalid("source", "choose who the statement should be credited to")
        return {"status": "resolved", "accepted_value": None,
                "note": f"Credited to {form.source}. {note}"}
    if not form.value:
        raise _invalid("value", "enter the accepted value")
    try:
        value = parse_value(form.value)
    except ValueError as exc:
        raise _invalid("value", str(exc)) from exc
    return {"status": "resolved", "accepted_value": value, "note": note}


FIELD_LABELS = {"status": "status", "accepted_value": "accepted value",
                "assignee": "assigned to", "note": "note"}


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    label: str
    before: str
    after: str


class AuditEntry(BaseModel):
    """One review event, as the trail on a conflict shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    actor: str
    action: str
    at: str
    changes: list[FieldChange]


def shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "accepted_value" and isinstance(value, int | float):
        return format_number(float(value))
    return str(value)


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """Only the fields an event changed, in a stable order."""
    order = ["status", "accepted_value", "assignee", "note"]
    keys = [k for k in order if k in before or k in after]
    keys += sorted(k for k in {*before, *after} if k not in order)
    return [FieldChange(field=k, label=FIELD_LABELS.get(k, k), before=shown(k, before.get(k)),
                        after=shown(k, after.get(k)))
            for k in keys if before.get(k) != after.get(k)]


def audit_entries(events: list[ConflictEvent]) -> list[AuditEntry]:
    """Newest first: a reviewer wants the latest decision at the top."""
    return [AuditEntry(id=e.id, actor=e.actor, action=e.action, at=when(e.created_at),
                       changes=field_changes(e.before, e.after))
            for e in sorted(events, key=lambda e: e.id, reverse=True)]
