"""A request past its time budget stores nothing, against a real PostgreSQL."""

from __future__ import annotations

import pytest

from reconcile import deadline
from reconcile.errors import RequestTimedOut
from reconcile.startup import Service


def count_conflict_notes(service: Service) -> int:
    with service.db.transaction() as conn:
        row = conn.execute("SELECT count(*) AS n FROM conflicts WHERE note = 'late'").fetchone()
        assert row is not None
        return int(row["n"])


def test_a_write_that_ends_past_the_budget_rolls_back(service: Service) -> None:
    from tests.browser.harness import craft_story

    crafted = craft_story(service.db)
    token = deadline.start(0)  # already spent when the transaction would commit
    try:
        with pytest.raises(RequestTimedOut), service.db.transaction(write=True) as conn:
            conn.execute("UPDATE conflicts SET note = 'late' WHERE id = %(id)s",
                         {"id": crafted.numeric})
    finally:
        deadline.reset(token)
    assert count_conflict_notes(service) == 0
    with service.db.transaction(write=True) as conn:  # outside a request: no budget
        conn.execute("UPDATE conflicts SET note = 'late' WHERE id = %(id)s",
                     {"id": crafted.numeric})
    assert count_conflict_notes(service) == 1


def test_reads_are_not_cut_short_by_the_budget(service: Service) -> None:
    token = deadline.start(0)
    try:
        with service.db.transaction() as conn:
            assert conn.execute("SELECT 1 AS one").fetchone() == {"one": 1}
    finally:
        deadline.reset(token)
