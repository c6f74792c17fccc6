"""The real-news evaluation: loading labelled stories and scoring reported conflicts (pure)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reconcile.evaluation.realnews import (
    ClaimRef,
    ReportedConflict,
    Story,
    format_report,
    is_realnews_file,
    load_realnews,
    locate,
    overlaps,
    parse_story,
    score_realnews,
    unique_outlets,
)

# Three invented outlets' reports of one invented event.
A0 = ("The ferry sank near Port Alda on Tuesday. Officials said 40 people died. "
      "The captain, 52, was arrested.")
A1 = ("Rescuers said 44 people died when the ferry sank. The captain, 49, was held. "
      "His deputy, 52, was questioned.")
A2 = "About 40 people were killed, the coast guard said. Officials said 40 people died."

DEATHS0 = "Officials said 40 people died."
DEATHS1 = "Rescuers said 44 people died when the ferry sank."
DEATHS2 = "About 40 people were killed, the coast guard said."
CAPTAIN0 = "The captain, 52, was arrested."
CAPTAIN1 = "The captain, 49, was held."
DEPUTY1 = "His deputy, 52, was questioned."


def pair(i: int, si: str, j: int, sj: str, **extra: Any) -> dict[str, Any]:
    return {"measure": "m", "articles": [i, j], "values": ["x", "y"], "sentences": [si, sj],
            "note": "", **extra}


def story_obj(**labels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"cluster": "dev-900", "source": "invented", "longbench_id": "x",
            "articles": [{"outlet": "Alpha", "text": A0}, {"outlet": "Beta", "text": A1},
                         {"outlet": "Gamma", "text": A2}],
            "labels": {"conflicts": [], "attribution_conflicts": [], "compatible": [],
                       "traps": [], "ambiguous": [], **labels}}


def claim(article: int, sentence: str, text: str) -> ClaimRef:
    start = text.index(sentence)
    return (article, start, start + len(sentence))


def deaths_conflict(explanation: str = "40 vs 44 deaths") -> ReportedConflict:
    return ReportedConflict([[claim(0, DEATHS0, A0)], [claim(1, DEATHS1, A1)]], explanation,
                            id=7, kind="numeric")


def test_loader_reads_articles_labels_and_sentence_offsets(tmp_path: Path) -> None:
    obj = story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement",
                                    borderline=True, subtype="age")],
                    traps=[pair(0, CAPTAIN0, 1, DEPUTY1)])
    path = tmp_path / "realnews_test.jsonl"
    path.write_text(json.dumps(obj) + "\n\n" + json.dumps({**obj, "cluster": "dev-901"}) + "\n")
    stories = load_realnews(path)
    assert [s.cluster for s in stories] == ["dev-900", "dev-901"]
    s = stories[0]
    assert [a.outlet for a in s.articles] == ["Alpha", "Beta", "Gamma"]
    (c,) = s.labels["conflicts"]
    assert (c.kind, c.borderline, c.subtype, c.group, c.articles) == (
        "disagreement", True, "age", "disagreement", (0, 1))
    start = A0.index(DEATHS0)
    assert c.spans[0] == ((start, start + len(DEATHS0)),)
    assert A1[slice(*c.spans[1][0])] == DEATHS1
    assert s.labels["traps"][0].borderline is False
    assert len(load_realnews(path, limit=1)) == 1


def test_loader_rejects_a_sentence_missing_from_its_article() -> None:
    with pytest.raises(ValueError, match="sentence not in article 1"):
        parse_story(story_obj(compatible=[pair(0, DEATHS0, 1, DEATHS0)]))


def test_loader_rejects_an_article_index_outside_the_story() -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_story(story_obj(compatible=[pair(0, DEATHS0, 3, DEATHS0)]))


def test_locate_finds_every_occurrence_and_nothing_when_absent() -> None:
    assert locate("ab ab ab", "ab") == ((0, 2), (3, 5), (6, 8))
    assert locate("aaa", "aa") == ((0, 2), (1, 3))
    assert locate("abc", "x") == ()


def test_outlets_repeated_in_a_story_are_made_unique() -> None:
    assert unique_outlets(["A", "B", "A", "A"]) == ["A", "B", "A (2)", "A (3)"]


def test_realnews_file_detected_by_name_or_by_articles_key(tmp_path: Path) -> None:
    named = tmp_path / "realnews_x.jsonl"
    named.write_text("")
    other = tmp_path / "stories.jsonl"
    other.write_text(json.dumps(story_obj()) + "\n")
    equate = tmp_path / "equate_dev.jsonl"
    equate.write_text(json.dumps({"source": "s", "premise": "p", "hypothesis": "h"}) + "\n")
    assert is_realnews_file(named) and is_realnews_file(other)
    assert not is_realnews_file(equate) and not is_realnews_file(tmp_path)


def test_claims_of_both_sentences_in_different_positions_match() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")]))
    result = score_realnews([s], {s.cluster: [deaths_conflict()]})
    assert result.recall().matched == 1 and result.recall().rate == 1.0
    assert result.precision == 1.0 and result.unmatched == ()
    assert result.true_conflicts == 1 and result.reported == 1


def test_match_does_not_depend_on_which_position_holds_which_sentence() -> None:
    s = parse_story(story_obj(conflicts=[pair(1, DEATHS1, 0, DEATHS0, kind="disagreement")]))
    assert score_realnews([s], {s.cluster: [deaths_conflict()]}).recall().matched == 1


def test_both_sentences_in_the_same_position_do_not_match() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")]))
    same = ReportedConflict([[claim(0, DEATHS0, A0), claim(1, DEATHS1, A1)],
                             [claim(2, DEATHS2, A2)]], "one side vs another")
    result = score_realnews([s], {s.cluster: [same]})
    assert result.recall().matched == 0
    assert len(result.unmatched) == 1


def test_a_claim_from_the_wrong_article_does_not_stand_for_the_sentence() -> None:
    # Article 2 holds DEATHS0's exact words too, but the pair is about article 0's sentence.
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")]))
    other = ReportedConflict([[claim(2, DEATHS0, A2)], [claim(1, DEATHS1, A1)]])
    assert score_realnews([s], {s.cluster: [other]}).recall().matched == 0


def test_overlap_is_half_open_and_any_shared_character_counts() -> None:
    assert overlaps((0, 5), (4, 9)) and overlaps((2, 3), (0, 10)) and overlaps((0, 10), (2, 3))
    assert not overlaps((0, 5), (5, 9)) and not overlaps((5, 9), (0, 5))
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")]))
    start0, start1 = A0.index(DEATHS0), A1.index(DEATHS1)
    # A claim spanning two sentences, and one covering only the sentence's last character.
    wide = (0, 0, start0 + 5)
    tail = (1, start1 + len(DEATHS1) - 1, start1 + len(DEATHS1) + 10)
    touching = (1, start1 + len(DEATHS1), len(A1))  # starts where the sentence ends
    assert score_realnews([s], {s.cluster: [ReportedConflict([[wide], [tail]])]}
                          ).recall().matched == 1
    assert score_realnews([s], {s.cluster: [ReportedConflict([[wide], [touching]])]}
                          ).recall().matched == 0


def test_a_claim_on_any_occurrence_of_a_repeated_sentence_counts() -> None:
    text = "Officials said 40 people died. Later: Officials said 40 people died."
    obj = story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")])
    obj["articles"][0]["text"] = text
    s = parse_story(obj)
    second = text.rindex(DEATHS0)
    conflict = ReportedConflict([[(0, second, second + len(DEATHS0))], [claim(1, DEATHS1, A1)]])
    assert score_realnews([s], {s.cluster: [conflict]}).recall().matched == 1


def test_conflict_matching_a_trap_is_a_false_alarm() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")],
                              traps=[pair(0, CAPTAIN0, 1, DEPUTY1)],
                              compatible=[pair(0, DEATHS0, 2, DEATHS2)]))
    alarm = ReportedConflict([[claim(0, CAPTAIN0, A0)], [claim(1, DEPUTY1, A1)]], "52 vs 52?")
    result = score_realnews([s], {s.cluster: [deaths_conflict(), alarm]})
    assert (result.false_alarms("traps").matched, result.false_alarms("traps").total) == (1, 1)
    assert result.false_alarms("compatible").matched == 0
    assert result.false_alarms().rate == 0.5  # 1 of 2 compatible + traps pairs
    assert result.false_alarm_conflicts == 1
    assert result.precision == 0.5  # 1 matched conflict, 1 falsely matched pair
    assert result.conflict_precision == 0.5
    assert result.unmatched == ()


def test_conflict_matching_a_compatible_pair_is_a_false_alarm() -> None:
    s = parse_story(story_obj(compatible=[pair(0, DEATHS0, 2, DEATHS2),
                                          pair(2, DEATHS0, 2, DEATHS2)]))
    # One conflict matching two compatible pairs: two pairs, one distinct conflict.
    alarm = ReportedConflict([[claim(0, DEATHS0, A0), claim(2, DEATHS0, A2)],
                              [claim(2, DEATHS2, A2)]], "about 40 vs 40")
    result = score_realnews([s], {s.cluster: [alarm]})
    assert result.false_alarms("compatible").matched == 2
    assert result.false_alarm_conflicts == 1
    assert result.precision == 0.0 and result.recall().rate is None


def test_ambiguous_pairs_count_neither_way() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, CAPTAIN0, 1, CAPTAIN1, kind="disagreement")],
                              ambiguous=[pair(0, DEATHS0, 1, DEATHS1)]))
    result = score_realnews([s], {s.cluster: [deaths_conflict()]})
    assert result.recall().matched == 0 and result.false_alarms().total == 0
    assert result.precision is None and result.false_alarm_conflicts == 0
    (u,) = result.unmatched  # listed for reading, but marked as matching an ambiguous pair
    assert u.ambiguous
    assert "matching no labelled pair: 0" in format_report(result)


def test_borderline_conflicts_left_out_in_two_ways() -> None:
    s = parse_story(story_obj(conflicts=[
        pair(0, DEATHS0, 1, DEATHS1, kind="disagreement", borderline=True),  # found
        pair(0, CAPTAIN0, 1, CAPTAIN1, kind="disagreement", borderline=True),  # missed
        pair(1, DEATHS1, 2, DEATHS2, kind="disagreement"),  # missed
    ]))
    result = score_realnews([s], {s.cluster: [deaths_conflict()]})
    assert result.recall() == result.recall(borderline="include")
    assert (result.recall().matched, result.recall().total) == (1, 3)
    excluded = result.recall(borderline="exclude")  # borderline out of both counts
    assert (excluded.matched, excluded.total) == (0, 1)
    missed_out = result.recall(borderline="missed-excluded")  # a found one still counts
    assert (missed_out.matched, missed_out.total) == (1, 2)
    with pytest.raises(ValueError):
        result.recall(borderline="sometimes")
    report = format_report(result)
    assert "dev-900 conflicts[0] found" in report and "dev-900 conflicts[1] missed" in report


def test_recall_is_reported_per_kind() -> None:
    s = parse_story(story_obj(conflicts=[
        pair(0, DEATHS0, 1, DEATHS1, kind="update-like"),
        pair(0, CAPTAIN0, 1, CAPTAIN1, kind="disagreement"),
    ]))
    result = score_realnews([s], {s.cluster: [deaths_conflict()]})
    assert result.groups() == ["disagreement", "update-like"]
    assert result.recall("update-like").rate == 1.0
    assert result.recall("disagreement").rate == 0.0
    assert result.recall().rate == 0.5


def test_unmatched_conflicts_are_listed_with_outlets_and_shortened_sentences() -> None:
    obj = story_obj()
    obj["articles"][2]["outlet"] = "Alpha"  # two articles of one outlet: made unique
    s = parse_story(obj)
    conflict = ReportedConflict([[claim(0, CAPTAIN0, A0)], [claim(1, CAPTAIN1, A1),
                                                            claim(2, DEATHS2, A2)]],
                                "Alpha: 52 vs Beta: 49", id=3, kind="numeric")
    result = score_realnews([s], {s.cluster: [conflict]}, width=20)
    (u,) = result.unmatched
    assert (u.story, u.id, u.index, u.explanation, u.ambiguous) == (
        "dev-900", 3, 0, "Alpha: 52 vs Beta: 49", False)
    assert u.positions[0].outlets == ("Alpha",)
    assert u.positions[0].sentences == ("The captain, 52, wa…",)
    assert u.positions[1].outlets == ("Beta", "Alpha (2)")
    assert all(len(t) <= 20 for t in u.positions[1].sentences)
    report = format_report(result)
    assert "dev-900 conflict #3: Alpha: 52 vs Beta: 49" in report
    assert "position 2: Beta, Alpha (2)" in report


def test_a_story_without_reported_conflicts_misses_its_labels() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")],
                              compatible=[pair(0, DEATHS0, 2, DEATHS2)]))
    result = score_realnews([s], {})
    assert result.reported == 0 and result.recall().rate == 0.0
    assert result.false_alarms().rate == 0.0 and result.precision is None


def test_result_serialises_to_json_with_figures_and_unmatched_list() -> None:
    s = parse_story(story_obj(conflicts=[pair(0, DEATHS0, 1, DEATHS1, kind="disagreement")],
                              traps=[pair(0, CAPTAIN0, 1, DEPUTY1)]))
    stray = ReportedConflict([[claim(0, CAPTAIN0, A0)], [claim(1, CAPTAIN1, A1)]], "52 vs 49")
    doc = json.loads(json.dumps(score_realnews([s], {s.cluster: [deaths_conflict(), stray]})
                                .to_json()))
    assert doc["recall"]["all"]["include"] == {"matched": 1, "total": 1, "rate": 1.0}
    assert doc["recall"]["disagreement"]["exclude"]["matched"] == 1
    assert doc["false_alarms"]["traps"] == {"matched": 0, "total": 1, "rate": 0.0}
    assert doc["reported_conflicts"] == 2 and doc["reported_by_kind"] == {
        "numeric": 1, "unknown": 1}
    assert doc["precision_over_labelled_pairs"] == 1.0
    assert [u["explanation"] for u in doc["unmatched"]] == ["52 vs 49"]


def test_stories_are_plain_data() -> None:
    s = parse_story(story_obj(traps=[pair(0, CAPTAIN0, 1, DEPUTY1)]))
    assert isinstance(s, Story) and s.outlets() == ["Alpha", "Beta", "Gamma"]
    assert [p.list_name for p in s.pairs()] == ["traps"]
    assert s.pairs("conflicts") == []
