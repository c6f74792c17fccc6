"""A generated corpus of wire-style news articles, deterministic by seed: `python -m bench.corpus`.

Many stories, each a handful of facts (a figure with its measure and who gives it) and quotes;
several outlets write about each story in their own words: paraphrases, hedges ("about",
"more than"), rounding, now and then a different figure (a numeric conflict) or a quote credited
to the wrong person (an attribution conflict), and sentences that state no claim at all
(background, colour, years and ages that are not figures). All names are invented.

    articles(n, seed)   -> list of article dicts as POST /api/articles takes them
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

OUTLETS = [
    "Harbour Gazette", "Northern Ledger", "Meridian Post", "Continental Dispatch",
    "Eastbridge Chronicle", "Lakeside Herald", "Summit Wire", "Valley Courier",
    "Atlas Daily", "Coastal Times", "Granite Observer", "Riverbend Record", "Pinnacle News",
    "Crescent Tribune", "Frontier Bulletin", "Westgate Journal",
]
PLACES = [
    ("Kharkiv", "Ukraine"), ("Lagos", "Nigeria"), ("Manila", "the Philippines"),
    ("Valparaiso", "Chile"), ("Izmir", "Turkey"), ("Dhaka", "Bangladesh"),
    ("Marseille", "France"), ("Quito", "Ecuador"), ("Nairobi", "Kenya"),
    ("Surabaya", "Indonesia"), ("Porto", "Portugal"), ("Tbilisi", "Georgia"),
    ("Gdansk", "Poland"), ("Cebu", "the Philippines"), ("Mombasa", "Kenya"),
    ("Leon", "Mexico"), ("Kandy", "Sri Lanka"), ("Aarhus", "Denmark"),
]
FIRST = ["Maria", "Tomas", "Aisha", "Kenji", "Elena", "Samuel", "Priya", "Jonas", "Leila",
         "Viktor", "Grace", "Mateo", "Nadia", "Oskar", "Ruth", "Daniel", "Ines", "Yusuf"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Moreno", "Kowalski", "Tanaka", "Petrenko",
        "Achterberg", "Silva", "Mensah", "Novak", "Fischer", "Rahman", "Duarte", "Ivanova",
        "Brennan", "Castillo", "Oyelaran"]
ROLES = ["the regional governor", "a spokesperson for the interior ministry",
         "the head of the emergency service", "the city's mayor", "a senior police official",
         "the health minister", "an analyst at the Centre for Policy Studies",
         "the director of the port authority"]
ORGS = ["the interior ministry", "the national statistics office", "the Red Cross",
        "local authorities", "the health ministry", "police", "the United Nations",
        "the civil defence agency", "the central bank", "the company"]


@dataclass(frozen=True)
class Fact:
    """One figure a story is about: how outlets phrase it, with {n} for the figure."""

    phrasings: tuple[str, ...]
    low: int
    high: int
    kind: str = "count"  # count, money, percent, area


EVENTS = {"earthquake": "earthquake", "flood": "flood", "strike": "strike",
          "wildfire": "fire", "election": "election", "budget": "budget",
          "migration": "crossing", "outbreak": "outbreak", "earnings": "restructuring",
          "conflict": "fighting"}
# Topics: the facts every story of the topic reports. {place}, {country} filled per story.
TOPICS: dict[str, tuple[Fact, ...]] = {
    "earthquake": (
        Fact(("The earthquake killed {n} people in {place}",
              "At least {n} people died when the quake struck {place}",
              "The death toll from the quake in {place} rose to {n}"), 20, 900),
        Fact(("{n} people were injured", "Hospitals treated {n} wounded",
              "The quake left {n} people injured"), 100, 4000),
        Fact(("{n} buildings collapsed", "Some {n} homes were destroyed",
              "The tremor flattened {n} buildings"), 50, 3000),
        Fact(("{n} people were displaced", "{n} residents have been left homeless",
              "About {n} people had to leave their homes"), 1000, 90000),
    ),
    "flood": (
        Fact(("Floods killed {n} people across {country}",
              "The floods have left {n} people dead",
              "At least {n} people died in the flooding"), 10, 400),
        Fact(("{n} people were evacuated", "Authorities evacuated {n} residents",
              "{n} people have been moved to shelters"), 2000, 150000),
        Fact(("Damage is estimated at {n}", "The floods caused {n} in damage",
              "Losses from the flooding reached {n}"), 20, 900, "money"),
        Fact(("{n} hectares of farmland were submerged",
              "Water covered {n} hectares of crops",
              "The floods swamped {n} hectares of fields"), 1000, 80000, "area"),
    ),
    "strike": (
        Fact(("{n} workers walked out at the {place} plant",
              "The strike at the {place} plant involves {n} workers",
              "Some {n} employees joined the walkout in {place}"), 300, 20000),
        Fact(("The union is demanding a pay rise of {n}",
              "Workers want wages raised by {n}",
              "The union has asked for a {n} increase in pay"), 4, 25, "percent"),
        Fact(("The strike is costing the company {n} a day",
              "Each day of the stoppage costs {n}",
              "The walkout costs the firm {n} daily"), 1, 40, "money"),
        Fact(("Police arrested {n} protesters outside the plant",
              "{n} demonstrators were arrested",
              "Officers detained {n} people at the picket line"), 5, 200),
    ),
    "wildfire": (
        Fact(("The fire has burned {n} hectares near {place}",
              "Flames have scorched {n} hectares of forest",
              "The blaze has consumed {n} hectares"), 500, 60000, "area"),
        Fact(("{n} firefighters are battling the blaze",
              "Some {n} firefighters were deployed",
              "Crews of {n} firefighters are fighting the fire"), 100, 3000),
        Fact(("{n} homes were destroyed by the fire", "The fire razed {n} houses",
              "{n} houses burned down"), 10, 900),
        Fact(("{n} residents were ordered to evacuate",
              "Evacuation orders cover {n} people",
              "{n} people fled the approaching flames"), 1000, 60000),
    ),
    "election": (
        Fact(("Turnout in {country}'s election was {n}",
              "{n} of registered voters cast a ballot",
              "Turnout reached {n}"), 40, 80, "percent"),
        Fact(("The ruling party won {n} of the vote",
              "The governing party took {n} of ballots cast",
              "The incumbents secured {n} of the vote"), 25, 55, "percent"),
        Fact(("{n} seats went to the opposition",
              "The opposition won {n} seats in parliament",
              "Opposition parties took {n} seats"), 40, 200),
        Fact(("Observers reported {n} complaints of irregularities",
              "Monitors logged {n} complaints",
              "{n} complaints about the vote were filed"), 20, 2000),
    ),
    "budget": (
        Fact(("{country} will spend {n} on defence next year",
              "The budget sets aside {n} for defence",
              "Defence spending is set at {n}"), 2, 90, "money"),
        Fact(("The deficit is forecast at {n} of GDP",
              "The government expects a deficit of {n} of economic output",
              "Borrowing will reach {n} of GDP"), 1, 9, "percent"),
        Fact(("Inflation stood at {n} in the latest figures",
              "Consumer prices rose {n} from a year earlier",
              "Annual inflation was {n}"), 2, 18, "percent"),
        Fact(("{n} public sector jobs will be cut",
              "The plan eliminates {n} public sector posts",
              "Some {n} civil service jobs are to go"), 1000, 60000),
    ),
    "migration": (
        Fact(("{n} migrants arrived in {place} this month",
              "Arrivals in {place} reached {n} this month",
              "Some {n} people landed in {place} over the month"), 300, 30000),
        Fact(("{n} people are missing after a boat capsized",
              "A capsized boat left {n} people missing",
              "Rescuers are searching for {n} missing people"), 5, 200),
        Fact(("The coast guard rescued {n} people",
              "{n} people were pulled from the water",
              "Rescue crews saved {n} passengers"), 10, 600),
    ),
    "outbreak": (
        Fact(("Health officials have recorded {n} cases of cholera",
              "Cholera cases climbed to {n}",
              "There have been {n} confirmed cholera infections"), 100, 40000),
        Fact(("The outbreak has killed {n} people",
              "{n} deaths have been linked to the outbreak",
              "Cholera has claimed {n} lives"), 5, 900),
        Fact(("{n} doses of vaccine are being shipped",
              "Donors pledged {n} vaccine doses",
              "A shipment of {n} doses is on its way"), 10000, 2000000),
    ),
    "earnings": (
        Fact(("The company reported revenue of {n} for the quarter",
              "Quarterly revenue came in at {n}",
              "Sales for the quarter totalled {n}"), 1, 90, "money"),
        Fact(("Net profit rose {n}", "Profit climbed {n} from a year ago",
              "Earnings increased by {n}"), 2, 60, "percent"),
        Fact(("The firm will cut {n} jobs", "{n} positions will be eliminated",
              "The company plans {n} layoffs"), 200, 15000),
    ),
    "conflict": (
        Fact(("{n} troops have been deployed near {place}",
              "The army has sent {n} soldiers to the area around {place}",
              "Some {n} troops are stationed near {place}"), 1000, 40000),
        Fact(("{n} soldiers were killed in the fighting",
              "The fighting has killed {n} soldiers",
              "{n} troops have died in the clashes"), 20, 3000),
        Fact(("{n} civilians have fled the region",
              "The fighting has displaced {n} civilians",
              "{n} people have fled their homes in the region"), 2000, 300000),
        Fact(("{n} prisoners were exchanged",
              "The two sides swapped {n} prisoners",
              "A prisoner exchange freed {n} people"), 10, 400),
    ),
}
# Figures any story may carry besides its topic's own.
COMMON: tuple[Fact, ...] = (
    Fact(("The government has pledged {n} in emergency aid",
          "Emergency aid of {n} was promised by the government",
          "The cabinet approved {n} in relief funds"), 5, 500, "money"),
    Fact(("{n} police officers were deployed in {place}",
          "Authorities sent {n} extra police officers to {place}",
          "Some {n} officers are patrolling the streets of {place}"), 200, 8000),
    Fact(("{n} schools were closed", "Authorities shut {n} schools",
          "Classes were suspended at {n} schools"), 10, 900),
    Fact(("Power was cut to {n} households", "{n} homes were left without electricity",
          "Some {n} households lost power"), 1000, 400000),
)
# What people say, in a story's own words ({place}, {event}): the same quote in two stories would
# be the same statement, and cluster across them.
QUOTES = [
    "We are doing everything we can to reach the people of {place} who need help",
    "This is the worst {event} {place} has seen in a generation",
    "The numbers will rise as we reach the remote areas around {place}",
    "Nobody in {place} should have to live through what these families have endured",
    "We will not accept a deal on the {event} that leaves our members worse off",
    "The government failed to prepare {place} for a {event} that everyone saw coming",
    "Our priority now is to restore water and power to every district of {place}",
    "We expect the situation in {place} to stabilise within the next few days",
]
FILLER = [
    "Residents described scenes of confusion as the news spread.",
    "The area has a long history of similar events.",
    "Officials are expected to give an update later in the week.",
    "The government has faced criticism over its handling of past crises.",
    "Aid groups have appealed for calm and for donations.",
    "The situation remained tense on Tuesday evening.",
    "Local businesses stayed closed as the clean-up began.",
    "Opposition politicians called for an independent inquiry.",
    "It was not immediately clear when normal services would resume.",
    "The region last saw events on this scale in 1998.",
    "Neighbouring countries have offered assistance.",
    "Schools in the area will remain closed until further notice.",
    "Questions remain about how quickly warnings were issued.",
    "The ministry did not respond to a request for comment.",
]
CONNECTORS = ["", "", "On Monday, ", "By Tuesday, ", "Overall, ", "So far, "]
SOURCED = [
    "{s}, {role}, said", "according to {org}", "{org} said",
    "officials said", "{s} told reporters",
]


def _figure(fact: Fact, value: float, rng: random.Random, hedge: bool) -> str:
    if fact.kind == "money":
        return f"${value:g} million"
    if fact.kind == "percent":
        body = f"{value:g} percent" if rng.random() < 0.6 else f"{value:g}%"
    elif fact.kind == "area":
        body = f"{int(value):,}"
    else:
        body = f"{int(value):,}"
    if hedge:
        body = rng.choice(["about ", "around ", "more than ", "nearly ", "at least "]) + body
    return body


@dataclass
class Story:
    slug: str
    topic: str
    place: str
    country: str
    facts: tuple[tuple[Fact, float], ...]  # each fact with its true value
    people: tuple[tuple[str, str], ...]  # (name, role)
    quotes: tuple[tuple[str, int], ...]  # (quote, index of the person who said it)
    start: datetime


def make_story(index: int, rng: random.Random) -> Story:
    topic = rng.choice(sorted(TOPICS))
    place, country = rng.choice(PLACES)
    facts = []
    for f in TOPICS[topic] + tuple(rng.sample(COMMON, 2)):
        v = float(rng.randint(f.low, f.high))
        if f.kind == "count" and v > 1000:
            v = round(v, -2)
        elif f.kind == "money":
            v = round(v + rng.random(), 1)
        facts.append((f, v))
    people = tuple((f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES))
                   for _ in range(3))
    quotes = tuple((q.format(place=place, event=EVENTS[topic]), rng.randrange(len(people)))
                   for q in rng.sample(QUOTES, 2))
    start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(24 * 300))
    slug = f"{topic}-{place.lower()}-{index:05d}"
    return Story(slug, topic, place, country, tuple(facts), people, quotes, start)


def write_article(story: Story, outlet: str, serial: int, rng: random.Random
                  ) -> tuple[dict[str, str], dict[str, str]]:
    """One outlet's article on a story: a dateline, facts in its own words, quotes, filler;
    and the truth: which fact or quote of the story each claim sentence states."""
    sentences: list[str] = []
    labels: dict[str, str] = {}
    facts = list(enumerate(story.facts))
    rng.shuffle(facts)
    for k, (fact, true) in facts[: rng.randint(3, len(facts))]:
        value = true
        r = rng.random()
        if r < 0.12:  # a different figure: the conflict a reviewer must see
            value = true * rng.choice([0.8, 0.85, 1.15, 1.25, 1.5])
            value = round(value, 1) if fact.kind == "money" else round(value)
            value = round(value, -2) if fact.kind == "count" and value > 1000 else value
        template = rng.choice(fact.phrasings)
        hedge = r > 0.75 and not any(w in template.lower() for w in ("some {n}", "about {n}",
                                                                       "at least {n}"))
        phrase = template.format(
            n=_figure(fact, value, rng, hedge), place=story.place, country=story.country)
        connector = rng.choice(CONNECTORS)
        if connector and not template.startswith(("{country}", "{place}")):
            phrase = connector + phrase[0].lower() + phrase[1:]
        who, role = rng.choice(story.people)
        credit = rng.choice(SOURCED).format(s=who, role=role, org=rng.choice(ORGS))
        sentences.append(f"{phrase}, {credit}.")
        labels[sentences[-1]] = f"{story.slug}/fact-{k}"
    for j, (quote, speaker) in enumerate(story.quotes):
        if rng.random() < 0.6:
            if rng.random() < 0.08:  # credited to the wrong person
                speaker = (speaker + 1) % len(story.people)
            name, role = story.people[speaker]
            form = rng.choice(['"{q}," said {n}, {r}.', '"{q}," {n} said.',
                               '{n}, {r}, said: "{q}."'])
            sentences.append(form.format(q=quote, n=name, r=role))
            labels[sentences[-1]] = f"{story.slug}/quote-{j}"
    for filler in rng.sample(FILLER, rng.randint(3, 6)):
        sentences.insert(rng.randrange(len(sentences) + 1), filler)
    # A person's age and a year are not figures a reviewer compares.
    who = rng.choice(story.people)[0]
    sentences.append(f"{who}, 52, has held the post since 2019.")
    published = story.start + timedelta(minutes=rng.randrange(60 * 72))
    dateline = f"{story.place.upper()}, {published:%b} {published.day} ({outlet}) - "
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    text = dateline + "\n\n".join(paragraphs)
    title = f"{story.topic.capitalize()} in {story.place}: " + sentences[0][:60].rstrip(",. ")
    slug = outlet.lower().replace(" ", "-")
    return {
        "outlet": outlet, "title": title, "story": story.slug,
        "url": f"https://{slug}.example/{story.slug}/{serial}",
        "published_at": published.isoformat().replace("+00:00", "Z"), "text": text,
    }, labels


def labelled_articles(n: int, seed: int = 1, per_story: int = 8
                      ) -> list[tuple[dict[str, str], dict[str, str]]]:
    """n articles on about n / per_story stories, interleaved as a wire would deliver them,
    each with its truth: {claim sentence: "story/fact-k" or "story/quote-j"}."""
    rng = random.Random(seed)
    stories = [make_story(i, rng) for i in range(max(1, n // per_story))]
    out = []
    for serial in range(n):
        story = stories[serial % len(stories)] if serial < len(stories) else rng.choice(stories)
        out.append(write_article(story, rng.choice(OUTLETS), serial, rng))
    return out


def articles(n: int, seed: int = 1, per_story: int = 8) -> list[dict[str, str]]:
    """n articles (as POST /api/articles takes them) on about n / per_story stories."""
    return [a for a, _ in labelled_articles(n, seed, per_story)]


def label_of(claim_text: str, labels: dict[str, str]) -> str | None:
    """The truth for a claim sentence (the first of an article carries the dateline)."""
    if claim_text in labels:
        return labels[claim_text]
    return next((v for k, v in labels.items() if claim_text.endswith(k)), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for a in articles(args.n, args.seed):
        sys.stdout.write(json.dumps(a) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
