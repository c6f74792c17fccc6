"""Held-out sentences: written after the extractor was tuned on the labelled set, to check that it
generalises. Each case is (published, text, figures as (low, high, unit, measure), source name).

`HELDOUT` is also scored, and printed, by `python -m bench.extraction`.
"""

from __future__ import annotations

from datetime import date

from reconcile.extract.claims import analyse
from reconcile.extract.names import same_source

D = date(2025, 6, 18)  # a Wednesday
N = None

HELDOUT: list[tuple[str, list[tuple[float | None, float | None, str | None, str | None]],
                    str | None]] = [
    ("Rescue teams pulled 64 bodies from the collapsed mine, the provincial governor said.",
     [(64, 64, N, "killed")], "provincial governor"),
    ("More than 1,200 migrants reached the island in a single day, the coastguard said.",
     [(1200, N, N, "migrant")], "coastguard"),
    ("The strike disrupted roughly 400 flights and left some 60,000 passengers stranded, "
     "according to the airport operator.",
     [(380, 420, N, "flight"), (57000, 63000, N, "passenger")], "airport operator"),
    ("Police arrested 38 people after clashes outside the stadium on Saturday.",
     [(38, 38, N, "arrested")], N),
    ("About 2,000 soldiers from the 3rd Brigade were redeployed to the south, military "
     "spokesman Taras Koval said.",
     [(1900, 2100, N, "troops")], "Taras Koval"),
    ("Fewer than 100 residents remain in the village, which had 4,000 inhabitants before the "
     "war, local officials said.",
     [(0, 100, N, "resident"), (4000, 4000, N, "inhabitant")], "local officials"),
    ("The government will spend €2.4bn on new hospitals over five years, Health Minister "
     "Sara Lind told parliament.",
     [(2.4e9, 2.4e9, "EUR", "hospital"), (5, 5, "year", N)], "Sara Lind"),
    ("Inflation eased to 2.9% in May from 3.4% in April, the statistics agency said.",
     [(2.9, 2.9, "%", "inflation"), (3.4, 3.4, "%", "inflation")], "statistics agency"),
    ("At least 23 people died and 80 were injured when the bridge collapsed, rescuers said.",
     [(23, N, N, "killed"), (80, 80, N, "wounded")], "rescuers"),
    ("Nearly half a million people have been displaced by the fighting, the UN refugee "
     "agency UNHCR said.",
     [(450000, 500000, N, "displaced")], "UNHCR"),
    ("The company said it would cut between 1,500 and 2,000 jobs by the end of the year.",
     [(1500, 2000, N, "job")], "company"),
    ("Dozens of protesters were detained in the capital, witnesses told AFP.",
     [(24, 144, N, "arrested")], "witnesses"),
    ("The army said it had captured 17 enemy soldiers and destroyed nine tanks near the river.",
     [(17, 17, N, "captured"), (9, 9, N, "tank")], "army"),
    ("Up to 300 fighters may have been killed in the assault, a senior Western official said.",
     [(0, 300, N, "killed")], "senior Western official"),
    ("The earthquake injured several hundred people and damaged 3,400 buildings, the disaster "
     "agency said.",
     [(300, 1000, N, "wounded"), (3400, 3400, N, "building")], "disaster agency"),
    ("\"We have treated 48 children for burns since Monday,\" said Dr Leila Haddad, who runs "
     "the burns unit.",
     [(48, 48, N, "child")], "Leila Haddad"),
    ("Opposition leader Marek Dvorak said turnout had reached 71.3 per cent.",
     [(71.3, 71.3, "%", "turnout")], "Marek Dvorak"),
    ("The central bank raised its benchmark rate by 0.5 percentage points to 6%, its "
     "governor said.",
     [(0.5, 0.5, "pp", "rate"), (6, 6, "%", "rate")], "governor"),
    ("Some 15 million tonnes of grain have been exported since August 2023, the agriculture "
     "ministry said.",
     [(14.25e6, 15.75e6, "tonne", "grain")], "agriculture ministry"),
    ("Two of the four crew members were rescued, and the others are missing, the navy said.",
     [(2, 2, N, "member"), (4, 4, N, "member")], "navy"),
    ("Storm leaves 12 dead, thousands without power", [(12, 12, N, "killed"),
                                                       (2000, 1_000_000, N, N)], N),
    ("Israel: 30 rockets fired from Lebanon overnight", [(30, 30, N, "rocket")], "Israel"),
    ("Over 3,000 evacuated as wildfire spreads, officials say",
     [(3000, N, N, "displaced")], "officials"),
    ("The drought has cost farmers an estimated $1.3bn this season, the farmers' union "
     "estimated.",
     [(1.235e9, 1.365e9, "USD", N)], "farmers' union"),
    ("Exports rose 12% to €8.1bn in the first quarter, Eurostat said.",
     [(12, 12, "%", "export"), (8.1e9, 8.1e9, "EUR", "export")], "Eurostat"),
    ("A 72-hour ceasefire began at 6am, the mediators announced.",
     [(72, 72, "hour", "ceasefire")], "mediators"),
    ("The 58-year-old driver was one of three people hurt in the crash on the A40.",
     [(3, 3, N, "wounded")], N),
    ("Tickets for the 20,000-seat arena sold out in 40 minutes, the promoter said.",
     [(20000, 20000, N, "seat"), (40, 40, "minute", N)], "promoter"),
    ("According to the World Health Organization, 1,900 cholera cases were reported in the "
     "past two weeks.",
     [(1900, 1900, N, "case")], "World Health Organization"),
    ("Several thousand people marched through the city, police estimated.",
     [(3000, 10000, N, "person")], "police"),
    ("Ms Okafor, the charity's director, said a dozen volunteers had been injured.",
     [(12, 12, N, "wounded")], "Okafor"),
    ("The ruling coalition won 187 of the 300 seats, the electoral commission announced.",
     [(187, 187, N, "seat"), (300, 300, N, "seat")], "electoral commission"),
    ("Prices for wheat jumped 18 per cent in a week, traders said, citing Reuters calculations.",
     [(18, 18, "%", "price")], "traders"),
    ("Almost 70% of the city's water supply has been cut, Mayor Ivan Sirko said.",
     [(63, 70, "%", "supply")], "Ivan Sirko"),
    ("As many as 5,000 mercenaries could be sent to the region, Pentagon officials warned.",
     [(0, 5000, N, "troops")], "Pentagon officials"),
    ("The team scored 3 goals in 10 minutes.", [(3, 3, N, "goal"), (10, 10, "minute", N)], N),
    ("No fewer than 40 journalists have been jailed this year, the Committee to Protect "
     "Journalists said.",
     [(40, N, N, "journalist")], "Committee to Protect Journalists"),
    ("Call 0300 123 4567 for details; the hotline has received 5,400 calls.",
     [(5400, 5400, N, "call")], N),
    ("The convoy of 30 lorries carried 450 tonnes of flour, the World Food Programme said.",
     [(30, 30, N, "lorry"), (450, 450, "tonne", "flour")], "World Food Programme"),
    ("In 2023, the firm earned $4.2 billion, up from $3.6 billion in 2022.",
     [(4.2e9, 4.2e9, "USD", N), (3.6e9, 3.6e9, "USD", N)], N),
]


def score_heldout() -> tuple[int, int, int, int, int, int, list[str]]:
    """(figure tp, predicted, gold, source tp, predicted, gold, misses) over `HELDOUT`."""
    fig_tp = fig_pred = fig_gold = src_tp = src_pred = src_gold = 0
    misses = []
    for text, gold, want in HELDOUT:
        claims = analyse(text, D)
        figs = [(f.low, f.high, f.unit) for c in claims for f in c.values]
        left = [g[:3] for g in gold]
        for f in figs:
            if f in left:
                left.remove(f)
                fig_tp += 1
        fig_pred += len(figs)
        fig_gold += len(gold)
        if left or len(figs) != len(gold):
            misses.append(f"figures {text!r}: {figs} vs {[g[:3] for g in gold]}")
        got = next((c.source.name for c in claims if c.source), None)
        src_pred += got is not None
        src_gold += want is not None
        if got is not None and want is not None and same_source(got, want):
            src_tp += 1
        elif got != want:
            misses.append(f"source {text!r}: {got!r} vs {want!r}")
    return fig_tp, fig_pred, fig_gold, src_tp, src_pred, src_gold, misses


def f1(tp: int, pred: int, gold: int) -> float:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def test_held_out_figures_and_sources_reach_the_targets() -> None:
    fig_tp, fig_pred, fig_gold, src_tp, src_pred, src_gold, misses = score_heldout()
    assert f1(fig_tp, fig_pred, fig_gold) >= 0.9, misses
    assert f1(src_tp, src_pred, src_gold) >= 0.85, misses
