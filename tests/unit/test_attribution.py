"""Who a claim is credited to, and which outlets it cites (docs/semantics.md, "Sources")."""

from __future__ import annotations

import pytest

from reconcile.extract.attribution import Credit, attribute, first_person
from reconcile.extract.names import clean_source, kind_of, same_source, source_key, strip_titles


def find_source(sentence: str, outlets: frozenset[str] = frozenset()) -> Credit | None:
    return attribute(sentence, outlets).source


def source(sentence: str, outlets: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    credit = find_source(sentence, outlets)
    return None if credit is None else (credit.name, credit.kind)


def cited(sentence: str, outlets: frozenset[str] = frozenset()) -> list[str]:
    return [c.outlet for c in attribute(sentence, outlets).citations]


# --- cues ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("About 300 were killed, according to South Korea's spy agency.",
         "South Korea's spy agency"),
        ("According to the health ministry, 212 cases were recorded.", "health ministry"),
        ("Most voted no, according to a poll by the Kantor Institute.", "Kantor Institute"),
        ("Over 500 were arrested, according to Home Office figures.", "Home Office"),
        ("11,000 troops were sent, according to South Korean data.", "South Korean data"),
        ("Prices rose 4.1 percent, according to the lender Halcyon Bank.", "Halcyon Bank"),
        ("It sank, according to AFAD, Turkey's disaster agency.", "AFAD"),
        ("The ruling party won 214 seats, according to preliminary results published by the "
         "central election commission.", "central election commission"),
    ],
)
def test_according_to_credits_the_source_named_after_it(sentence: str, name: str) -> None:
    assert source(sentence)[0] == name  # type: ignore[index]


@pytest.mark.parametrize(
    "verb", ["said", "says", "told reporters", "stated", "added", "noted", "estimated",
             "claimed", "warned", "explained", "confirmed", "reported", "announced"],
)
def test_speech_verbs_credit_their_subject(verb: str) -> None:
    assert source(f"Some 11,000 troops were sent, the defence ministry {verb}.") == (
        "defence ministry", "organisation")


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("The UN said 2 million people had fled.", "UN", "organisation"),
        ("Health officials said 312 cases had been recorded.", "Health officials",
         "organisation"),
        ("Finance Minister Olek Brandt said the state had set aside $4.5bn.", "Olek Brandt",
         "person"),
        ("Civilians fled, military intelligence spokesman Andriy Yusko said.", "Andriy Yusko",
         "person"),
        ("Flights resumed, a spokeswoman for Riverside General Hospital said.",
         "Riverside General Hospital", "organisation"),
        ("The militia freed 17 hostages, a senior official said.", "senior official", "person"),
        ("Kondrat Melnyk, a regional official, said nine villages were retaken.",
         "Kondrat Melnyk", "person"),
        ("The airline, which cancelled 1,400 flights, said 97% of its fleet was flying.",
         "airline", "organisation"),
        ("Dr Miriam Osei, who runs the clinic, said 312 children were admitted.",
         "Miriam Osei", "person"),
        ("Ingrid Vos, 71, told the BBC she had never seen anything like it.", "Ingrid Vos",
         "person"),
        ("In a statement, the Pentagon said 5,000 troops had been killed.", "Pentagon",
         "organisation"),
        ("The Indonesian National Search and Rescue Agency said 37 were on board.",
         "Indonesian National Search and Rescue Agency", "organisation"),
        ("Over the past two weeks, the navy said, 11 sailors had been rescued.", "navy",
         "organisation"),
        ("Prosecutors allege that the minister accepted bribes worth £2.1 million.",
         "Prosecutors", "organisation"),
    ],
)
def test_the_subject_of_a_speech_verb_is_cleaned_into_a_name(
    sentence: str, name: str, kind: str
) -> None:
    assert source(sentence) == (name, kind)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The soldiers were stationed 30 km away, said Ukrainian army spokesman Vadym Oleksiuk.",
         "Vadym Oleksiuk"),
        ('"We expect 2,000 recruits," said Sgt. Olena Kravets, a recruitment officer.',
         "Olena Kravets"),
        ('"The water rose two metres," said resident Marek Novak, 64.', "Marek Novak"),
        ("Measles cases up 30% in Europe, says WHO", "WHO"),
        ("Estimated 40,000 rally in Tbilisi, say organisers", "organisers"),
        ('"It will take 10 years," said Professor Alan Whitcombe of Imperial College.',
         "Alan Whitcombe"),
    ],
)
def test_an_inverted_speech_verb_credits_the_name_after_it(sentence: str, name: str) -> None:
    assert source(sentence)[0] == name  # type: ignore[index]


def test_said_before_a_clause_is_not_inverted() -> None:
    sentence = "A spokesman, Andriy Demchenko, said the situation on the border was calm."
    assert source(sentence) == ("Andriy Demchenko", "person")


def test_citing_credits_the_source_and_the_outlet_is_a_citation() -> None:
    sentence = ("The Kyiv Independent reported, citing Ukrainian intelligence, that over 3,000 "
                "soldiers had been killed or wounded.")
    assert source(sentence) == ("Ukrainian intelligence", "organisation")
    assert cited(sentence) == ["Kyiv Independent"]


def test_according_to_beats_a_speech_verb_inside_the_reported_clause() -> None:
    sentence = ("Almost 60 per cent of respondents said they opposed the plan, according to the "
                "Kantor Institute.")
    assert source(sentence)[0] == "Kantor Institute"  # type: ignore[index]


def test_a_verb_inside_a_quote_does_not_attribute_it() -> None:
    sentence = '"Our monitors recorded 1,214 violations," said OSCE spokesman Ivo Marić.'
    assert source(sentence) == ("Ivo Marić", "person")


def test_put_the_number_at_credits_its_subject() -> None:
    assert source("Officials put the number of displaced at 10,000-12,000.")[0] == "Officials"  # type: ignore[index]


def test_a_pronoun_subject_is_left_for_the_article_to_resolve() -> None:
    credit = find_source('"We lost 40 men," she said.')
    assert credit is not None and (credit.kind, credit.name) == ("pronoun", "she")


def test_a_sentence_with_no_cue_has_no_source() -> None:
    assert source("The ruling party won 214 of the 400 seats.") is None
    assert source("More than a dozen fishing boats were reported missing.") is None


@pytest.mark.parametrize(
    ("headline", "name"),
    [
        ("UN: tens of thousands displaced by floods in Somalia", "UN"),
        ("Pentagon: North Korean troops now fighting inside Ukraine", "Pentagon"),
        ("Ukraine: Russia fired 120 missiles and 90 drones overnight", "Ukraine"),
        ("S Korea spy agency: 1,500 N Korean special forces already in Russia",
         "S Korea spy agency"),
        ("Russia recruited 11k foreign fighters since October 2024: Kyiv", "Kyiv"),
        ("Exclusive: 40,000 Ukrainian troops trained in UK since 2022 – MoD", "MoD"),
    ],
)
def test_headline_forms_credit_the_named_source(headline: str, name: str) -> None:
    assert source(headline)[0] == name  # type: ignore[index]


@pytest.mark.parametrize(
    "headline",
    ["Kenya: seventeen die in bus crash", "Tennis: world No. 1 knocked out in third round",
     "Final count: ruling party 214 seats, opposition 178", "Spain: 2 killed as storm hits"],
)
def test_a_headline_topic_label_is_not_a_source(headline: str) -> None:
    assert source(headline) is None


# --- citations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "outlet"),
    [
        ("Units pulled back, Colonel Ana Petrov said, as first reported by BILD.", "BILD"),
        ("N Korean troops pulled from Kursk front, reports BILD", "BILD"),
        ("The figure, as mentioned by BILD, could rise.", "BILD"),
        ("The New York Times reported earlier that 1,000 had died.", "New York Times"),
        ("Scores were killed in the shelling, witnesses told Reuters.", "Reuters"),
        ("About 300 died, according to Yonhap.", "Yonhap"),
        ("Yonhap: 1,100 North Korean soldiers killed or wounded", "Yonhap"),
        ("300 killed, South Korea's spy agency estimated, Yonhap reported.", "Yonhap"),
        ("The officer told The New York Times that 200 days had passed.", "New York Times"),
    ],
)
def test_an_outlet_citing_another_outlet_is_a_citation_not_a_source(
    sentence: str, outlet: str
) -> None:
    assert cited(sentence) == [outlet]
    found = find_source(sentence)
    assert found is None or found.name != outlet


def test_the_article_outlets_passed_in_are_citations_too() -> None:
    sentence = "The Kherson Herald said 14 people were killed."
    assert cited(sentence) == ["Kherson Herald"]
    assert cited("Zorya said 14 people were killed.", frozenset({"zorya"})) == ["Zorya"]
    assert find_source("Zorya said 14 people were killed.", frozenset({"zorya"})) is None


def test_a_source_and_its_citation_come_together() -> None:
    found = attribute("Jae-won Seo, an analyst at the Asan Institute, told BILD 40 had died.")
    assert found.source is not None and found.source.name == "Jae-won Seo"
    assert [c.outlet for c in found.citations] == ["BILD"]


def test_offsets_point_at_the_source_in_the_sentence() -> None:
    sentence = "About 300 were killed, regional governor Mykola Tarasenko said."
    credit = find_source(sentence)
    assert credit is not None
    assert sentence[credit.start : credit.end] == "Mykola Tarasenko"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Colonel Oleksandr Kondratenko", "Oleksandr Kondratenko"),
        ("Col. A. Petrov", "A. Petrov"),
        ("Lieutenant Colonel Roman Bilyk", "Roman Bilyk"),
        ("Finance Minister Clara Ruiz", "Clara Ruiz"),
        ("Gen. Dmytro Levko", "Dmytro Levko"),
        ("Dr Kwame Mensah", "Kwame Mensah"),
        ("Colonel Ana Petrov of Ukraine's special operations forces", "Ana Petrov"),
        ("Ukraine's General Staff", "Ukraine's General Staff"),
        ("Institute for the Study of War", "Institute for the Study of War"),
    ],
)
def test_titles_are_dropped_from_names(written: str, name: str) -> None:
    assert strip_titles(written) == name


def test_a_phrase_is_cleaned_of_articles_documents_and_roles() -> None:
    assert clean_source("the Institute for the Study of War")[0] == "Institute for the Study of War"
    assert clean_source("a spokesman for Ukraine's defence ministry")[0] == (
        "Ukraine's defence ministry")
    assert clean_source("police spokesman Karl Jensen") == ("Karl Jensen", "person")
    assert clean_source("media regulator Roskomnadzor") == ("Roskomnadzor", "organisation")
    assert clean_source("two senior National Transitional Council spokesmen")[0] == (
        "senior National Transitional Council spokesmen")


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Ana Petrov", "person"), ("senior official", "person"), ("ministry official", "person"),
     ("officials", "organisation"), ("Ukrainian military sources", "organisation"),
     ("MoD", "organisation"), ("Kyiv", "organisation"), ("Pentagon", "organisation"),
     ("South Korea's spy agency", "organisation"), ("U.S. officials", "organisation"),
     ("Olsson", "person"), ("Ruiz", "person")],
)
def test_sources_are_people_or_organisations(name: str, kind: str) -> None:
    assert kind_of(name) == kind


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Col. A. Petrov", "Colonel Ana Petrov"),
        ("Petrov", "Colonel Ana Petrov"),
        ("Col. A. Petrov", "Petrov"),
        ("Oleksandr Kondratenko", "Oleksandr Kondratenko of the SSO"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("NIS", "National Intelligence Service"),
        ("defence ministry", "Ukraine's defence ministry"),
        ("the Pentagon", "Pentagon"),
    ],
)
def test_the_same_source_written_differently_is_the_same(a: str, b: str) -> None:
    assert same_source(a, b)
    assert same_source(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Petrov", "Spohr"), ("B. Petrov", "Ana Petrov"), ("defence ministry", "health ministry"),
     ("foreign ministry", "finance ministry"), ("Ana Petrov", "Ukrainian army"), ("", "Petrov")],
)
def test_different_sources_are_not_the_same(a: str, b: str) -> None:
    assert not same_source(a, b)


def test_source_keys_ignore_case_titles_and_a_leading_article() -> None:
    assert source_key("The Electoral Commission") == source_key("electoral commission")
    assert source_key("Colonel Ana Petrov") == "ana petrov"


def test_the_first_person_named_in_a_sentence_is_found_with_titles_dropped() -> None:
    found = first_person("Asked about it, the health minister, Dr Kwame Mensah, was blunt.")
    assert found is not None and (found.name, found.kind) == ("Kwame Mensah", "person")
    assert first_person("The interior ministry issued a statement on Tuesday.") is None
