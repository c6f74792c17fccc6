"""Review actions as change sets, and how the audit trail reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from reconcile.dashboard.review import (
    BULK_ACTIONS,
    SHORTCUTS,
    FieldChange,
    ReviewForm,
    audit_entries,
    changes_for,
    field_changes,
    shown,
)
from reconcile.errors import InvalidInput
from reconcile.models import ConflictEvent


def form(**fields: Any) -> ReviewForm:
    return ReviewForm.model_validate(fields)


@pytest.mark.parametrize(("action", "status"), [
    ("confirm", "confirmed"), ("dismiss", "dismissed"), ("reopen", "open"),
])
def test_status_actions(action: str, status: str) -> None:
    assert changes_for(form(action=action), "numeric", "dana") == {"status": status}


def test_a_status_action_keeps_a_note_when_one_is_given() -> None:
    changes = changes_for(form(action="dismiss", note="same figure, other date"), "numeric", "d")
    assert changes == {"status": "dismissed", "note": "same figure, other date"}


def test_resolve_a_numeric_conflict_needs_a_value_and_a_note() -> None:
    changes = changes_for(form(action="resolve", value="11,000", note=" Ministry figure "),
                          "numeric", "dana")
    assert changes == {"status": "resolved", "accepted_value": 11000.0,
                       "note": "Ministry figure"}


@pytest.mark.parametrize(("fields", "field"), [
    ({"value": "11000"}, "note"),
    ({"note": "why"}, "value"),
    ({"value": "eleven thousand", "note": "why"}, "value"),
    ({"value": "11000", "note": "x" * 5001}, "note"),
])
def test_resolve_refuses_what_is_missing_or_wrong(fields: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        changes_for(form(action="resolve", **fields), "numeric", "dana")
    assert caught.value.extra["errors"][0]["field"] == field


def test_resolve_an_attribution_credits_a_source_in_the_note() -> None:
    changes = changes_for(form(action="resolve", source="Oleksandr Kondratenko",
                               note="Four outlets and the video agree."), "attribution", "dana")
    assert changes == {"status": "resolved", "accepted_value": None,
                       "note": "Credited to Oleksandr Kondratenko. Four outlets and the video "
                               "agree."}


def test_resolve_an_attribution_needs_a_source() -> None:
    with pytest.raises(InvalidInput) as caught:
        changes_for(form(action="resolve", note="n"), "attribution", "dana")
    assert caught.value.extra["errors"][0]["field"] == "source"


def test_assign_to_me_names_the_reviewer() -> None:
    assert changes_for(form(action="assign", assignee="me"), "numeric", "dana") == {
        "assignee": "dana"}
    assert changes_for(form(action="assign", assignee="lee"), "numeric", "dana") == {
        "assignee": "lee"}


def test_assign_to_nobody_unassigns() -> None:
    assert changes_for(form(action="assign", assignee="  "), "numeric", "dana") == {
        "assignee": None}


def test_assignee_length_is_limited() -> None:
    with pytest.raises(InvalidInput):
        changes_for(form(action="assign", assignee="x" * 81), "numeric", "dana")


def test_a_note_action_needs_a_note() -> None:
    assert changes_for(form(action="note", note="checking"), "numeric", "d") == {
        "note": "checking"}
    with pytest.raises(InvalidInput):
        changes_for(form(action="note"), "numeric", "d")


def test_unknown_actions_do_not_validate() -> None:
    with pytest.raises(ValueError, match="action"):
        form(action="delete")


def test_bulk_actions_are_the_status_ones() -> None:
    assert frozenset({"confirm", "dismiss", "reopen"}) == BULK_ACTIONS


def test_every_action_key_is_listed_in_the_shortcuts() -> None:
    keys = {k for ks, _ in SHORTCUTS for k in ks}
    assert {"j", "k", "c", "d", "r", "x", "?"} <= keys


def test_field_changes_show_only_what_changed() -> None:
    before = {"status": "open", "note": None, "assignee": None, "accepted_value": None}
    after = {**before, "status": "resolved", "accepted_value": 11000.0, "note": "ok"}
    assert field_changes(before, after) == [
        FieldChange(field="status", label="status", before="open", after="resolved"),
        FieldChange(field="accepted_value", label="accepted value", before="—", after="11,000"),
        FieldChange(field="note", label="note", before="—", after="ok"),
    ]


def test_field_changes_include_unknown_fields_after_the_known_ones() -> None:
    changes = field_changes({"zeta": 1, "status": "open"}, {"zeta": 2, "status": "confirmed"})
    assert [c.field for c in changes] == ["status", "zeta"]


@pytest.mark.parametrize(("field", "value", "text"), [
    ("note", None, "—"), ("note", "", "—"), ("accepted_value", 12000, "12,000"),
    ("accepted_value", 61.4, "61.4"), ("status", "open", "open"),
])
def test_shown(field: str, value: Any, text: str) -> None:
    assert shown(field, value) == text


def test_audit_entries_newest_first() -> None:
    at = datetime(2025, 2, 16, 10, 0, tzinfo=UTC)
    events = [
        ConflictEvent(id=1, actor="dana", action="assign", before={"assignee": None},
                      after={"assignee": "dana"}, created_at=at),
        ConflictEvent(id=2, actor="lee", action="resolved", before={"status": "open"},
                      after={"status": "resolved"}, created_at=at),
    ]
    entries = audit_entries(events)
    assert [e.id for e in entries] == [2, 1]
    assert entries[0].actor == "lee" and entries[0].at == "2025-02-16 10:00 UTC"
    assert entries[1].changes == [FieldChange(field="assignee", label="assigned to",
                                              before="—", after="dana")]
