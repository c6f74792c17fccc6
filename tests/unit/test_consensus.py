from __future__ import annotations

from reconcile.truth.consensus import estimate, observations, weighted_median
from tests.unit.helpers import claim


def obs(*pairs: tuple[str, str], cluster: int = 1) -> list:  # type: ignore[type-arg]
    return observations([claim(o, t, cluster=cluster) for o, t in pairs])


def test_weighted_median_follows_the_weights() -> None:
    assert weighted_median([1, 2, 3], [1, 1, 1]) == 2
    assert weighted_median([1, 2, 3], [5, 1, 1]) == 1


def test_majority_value_is_the_consensus() -> None:
    result = estimate(obs(("A", "Officials say 11,000 troops were sent."),
                          ("B", "Officials say 11,000 troops were sent to Russia."),
                          ("C", "Officials say 12,000 troops were sent.")))
    (e,) = result.estimates.values()
    assert e.value == 11000 and e.outlets == ["A", "B"]
    assert result.outlets["C"].score < result.outlets["A"].score


def test_copies_count_once() -> None:
    copied = "Officials say 12,000 troops were sent to Russia on Monday."
    result = estimate(obs(("A", "Officials said 11,000 troops went."),
                          ("B", "The ministry counted 11,000 troops."),
                          ("C", copied), ("D", copied), ("E", copied)))
    (e,) = result.estimates.values()
    assert e.value == 11000  # three copies of one sentence are one vote, not three


def test_reviewer_accepted_value_is_ground_truth() -> None:
    o = obs(("A", "Officials say 11,000 troops were sent."),
            ("B", "Officials say 11,000 troops were sent to Russia."),
            ("C", "Officials say 12,000 troops were sent."))
    result = estimate(o, ground_truth={(1, "troops"): 12000})
    (e,) = result.estimates.values()
    assert e.value == 12000 and e.ground_truth and e.outlets == ["C"]
    assert result.outlets["C"].score > result.outlets["A"].score


def test_reliability_rests_on_contested_items_only() -> None:
    result = estimate(obs(("A", "Officials say 11,000 troops were sent.")))
    assert result.outlets["A"].compared == 0 and result.outlets["A"].score == 0.5
    assert result.outlets["A"].claims == 1


def test_reliability_learned_across_clusters() -> None:
    first = obs(("A", "Officials say 11,000 troops were sent."),
                ("B", "Officials say 11,000 troops were sent too."),
                ("C", "Officials say 12,000 troops were sent."), cluster=1)
    second = obs(("A", "Officials say 40 people were killed."),
                 ("B", "Officials say 40 people were killed today."),
                 ("C", "Officials say 55 people were killed."), cluster=2)
    result = estimate(first + second)
    assert result.outlets["C"].compared == 2 and result.outlets["C"].agree == 0
    assert result.outlets["A"].agree == 2


def test_sources_get_reliability_too() -> None:
    result = estimate(obs(("A", "In all 11,000 troops were sent, according to the ministry."),
                          ("B", "Some 11,000 troops went, according to the ministry."),
                          ("C", "In all 12,000 troops were sent, according to Colonel Ana "
                                "Petrov.")))
    assert result.sources["Ana Petrov"].agree == 0
    ministry = next(r for name, r in result.sources.items() if name.endswith("ministry"))
    assert ministry.agree == 2


def test_spellings_of_one_source_share_one_reliability() -> None:
    from reconcile.truth.consensus import canonical_names

    names = canonical_names(["Kondratenko", "Col. Oleksandr Kondratenko",
                             "Oleksandr Kondratenko", "Frederic Spohr", "Spohr", "Ana Petrov"])
    assert names["Kondratenko"] == names["Oleksandr Kondratenko"] == names[
        "Col. Oleksandr Kondratenko"]
    assert names["Spohr"] == "Frederic Spohr" and names["Ana Petrov"] == "Ana Petrov"
    result = estimate(obs(("A", "In all 11,000 troops were sent, Colonel Oleksandr Kondratenko "
                                "said."),
                          ("B", "Some 11,000 troops went, Kondratenko said.")))
    assert len(result.sources) == 1
    (rel,) = result.sources.values()
    assert rel.claims == 2
