"""Tree: the index of a sentence's parse answers as spaCy's own walk does, on short sentences
and on one listing hundreds of figures under one verb."""

from __future__ import annotations

from typing import Any

import pytest

from reconcile.extract.frames import load_parser
from reconcile.extract.tree import Tree

SENTENCES = [
    "North Korea has sent around 11,000 troops to Russia since October 2024, officials said.",
    "The 73-year-old Durst, who was found five weeks after she disappeared, denied it.",
    "Annual inflation slowed to 3.2% in March from 4.1%, while wages rose by 5.6 per cent.",
    "Officials said " + ", ".join(f"{100 + i} troops" for i in range(300)) + " were sent.",
    "Votes were held on " + ", ".join(f"March {i % 28 + 1}, {1900 + i}" for i in range(120))
    + ".",
]


@pytest.fixture(scope="module", params=range(len(SENTENCES)))
def doc(request: pytest.FixtureRequest) -> Any:
    return load_parser()([SENTENCES[request.param]])[0]


def test_tokens_are_found_by_their_characters(doc: Any) -> None:
    tree = Tree(doc)
    for start in range(0, len(doc.text), 7):
        end = start + 5
        assert [t.i for t in tree.covering(start, end)] == [
            t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]
        assert [t.i for t in tree.starting_in(start, end)] == [
            t.i for t in doc if start <= t.idx < end]


def test_children_subtrees_and_climbs_are_spacys(doc: Any) -> None:
    tree = Tree(doc)
    for t in doc:
        assert [c.i for c in tree.kids(t, "nsubj", "prep")] == [
            c.i for c in t.children if c.dep_ in {"nsubj", "prep"}]
        subtree = [s.i for s in t.subtree]
        assert [s.i for s in tree.within(t, range(len(doc)))] == subtree
        first, last = tree.edges(t)
        assert (first.i, last.i) == (subtree[0], subtree[-1])
        assert tree.any_below(t, is_punct) == any(s.is_punct for s in t.subtree)
        head = t
        while head.head.i != head.i and head.pos_ != "VERB":
            head = head.head
        assert tree.climb(t, is_verb).i == head.i


def is_punct(t: Any) -> bool:
    return bool(t.is_punct)


def is_verb(t: Any) -> bool:
    return bool(t.pos_ == "VERB")
