"""Who says each claim: the promise behind every figure a historian opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import ArticleError, parse_file, parse_text
from konna_tui.ingest.curation import Curation, CurationError, load_curation
from konna_tui.ingest.entities import extract_entities
from konna_tui.ingest.sources import SOURCE_TYPES, attribute, find_speakers
from konna_tui.inputs import data_dir

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "articles"
UNCURATED = ["battle_of_diabaly.txt", "battle_of_ifoghas.txt", "second_battle_of_gao.txt"]
KONNA = data_dir() / "battle_of_konna.txt"


class Attributed:
    """An article with its sources and attributions, and helpers to ask who says what."""

    def __init__(self, path: Path, curated: bool = True) -> None:
        self.article = parse_file(path)
        curation = load_curation(self.article) if curated else Curation(self.article)
        entities, _, _ = extract_entities(self.article, curation)
        self.sources, self.attributions = attribute(self.article, entities, curation)
        self.by_slug = {s.slug: s for s in self.sources}

    def claim(self, words: str) -> int:
        found = [c.index for c in self.article.claims if words in c.text]
        assert len(found) == 1, f"{words!r} is in {len(found)} claims"
        return found[0]

    def who(self, words: str) -> list[tuple[str, str | None, str, str | None]]:
        """(source, via, method, said_on) for the claim holding ``words``."""
        idx = self.claim(words)
        return [(a.source, a.via, a.method, a.said_on) for a in self.attributions if a.claim == idx]


@pytest.fixture(scope="module")
def konna() -> Attributed:
    return Attributed(KONNA)


def uncurated(name: str, tmp_path: Path) -> Attributed:
    src = SHARED / name if (SHARED / name).exists() else HERE / "fixtures" / name
    return Attributed(Path(shutil.copy(src, tmp_path / name)))


def test_every_claim_has_at_least_one_attribution(konna):
    covered = {a.claim for a in konna.attributions}
    assert covered == {c.index for c in konna.article.claims}


def test_attributions_are_well_formed(konna):
    text = konna.article.text
    for a in konna.attributions:
        assert a.source in konna.by_slug and (a.via is None or a.via in konna.by_slug)
        assert a.method in ("cue", "carried", "curated", "article")
        if a.cue_start is not None:
            claim = konna.article.claims[a.claim]
            assert text[a.cue_start : a.cue_end] == a.cue
            assert claim.start <= a.cue_start < a.cue_end <= claim.end
    for s in konna.sources:
        assert s.type in SOURCE_TYPES and s.slug == s.slug.lower()


def test_infobox_fields_are_the_articles_own_summary(konna):
    for c in konna.article.claims:
        if c.kind == "infobox":
            assert konna.who(c.text) == [("article", None, "article", None)]
    infobox = [a for a in konna.attributions if konna.article.claims[a.claim].kind == "infobox"]
    assert {a.cue for a in infobox} == {"infobox"}


def test_the_malian_soldiers_killed_estimates_keep_their_sources(konna):
    assert konna.who("initial assessment that 11 of its soldiers") == [
        ("malian-army", None, "cue", "2013-01-12")
    ]
    assert konna.who("Didier Dacko told him on January 10") == [
        ("didier-dacko", "french-special-forces-colonel-sevare", "cue", "2013-01-10")
    ]
    assert konna.who("Around 25 Malian soldiers were killed.") == [("article", None, "article", None)]
    assert konna.who("Ansar Dine claimed to have killed 25") == [("ansar-dine", None, "cue", "2013-01-19")]
    assert konna.who("36 Malian soldiers were buried in Sama") == [("residents", None, "cue", None)]
    assert konna.who("claims to have counted 47 bodies") == [("mohammed", None, "cue", None)]
    assert konna.who("58 Malian soldiers were killed") == [("military-source", None, "cue", None)]
    assert konna.who("estimated that 60 Malian soldiers") == [("ansar-dine", None, "cue", "2013-01-19")]


def test_sources_have_the_type_and_side_a_historian_expects(konna):
    expect = {
        "malian-army": ("belligerent", "mali"),
        "didier-dacko": ("belligerent", "mali"),
        "french-special-forces-colonel-sevare": ("belligerent", "france"),
        "jean-yves-le-drian": ("belligerent", "france"),
        "french-senate": ("belligerent", "france"),
        "military-source": ("belligerent", None),
        "ansar-dine": ("armed_group", "islamists"),
        "abu-el-habib-sidi-mohamed": ("armed_group", "islamists"),
        "hrw": ("ngo", None),
        "amnesty-international": ("ngo", None),
        "icrc": ("ngo", None),
        "reuters": ("news_media", None),
        "afp": ("news_media", None),
        "jeune-afrique": ("news_media", None),
        "sahara-media": ("news_media", None),
        "nouvelle-liberation": ("news_media", None),
        "malian-newspaper": ("news_media", None),
        "jean-paul-mari": ("journalist_historian", None),
        "laurent-touchard": ("journalist_historian", None),
        "jean-christophe-notin": ("journalist_historian", None),
        "analysts": ("journalist_historian", None),
        "residents": ("witness_resident", None),
        "mohammed": ("witness_resident", None),
        "merchant-from-konna": ("witness_resident", None),
        "teacher-near-dangol-bore": ("witness_resident", None),
        "local-reports": ("witness_resident", None),
        "ibrahima-diakite": ("local_official", None),
        "dgse": ("intelligence_service", "france"),
        "malian-services": ("intelligence_service", "mali"),
        "other-sources": ("unknown", None),
        "regional-security-source": ("unknown", None),
        "article": ("article", None),
    }
    got = {
        slug: (konna.by_slug[slug].type, konna.by_slug[slug].side) for slug in expect if slug in konna.by_slug
    }
    assert got == expect
    assert konna.by_slug["hrw"].entity == "hrw" and konna.by_slug["didier-dacko"].entity == "didier-dacko"
    assert "Dacko" in konna.by_slug["didier-dacko"].name and "article" in konna.by_slug["article"].name


def test_chains_keep_speaker_and_outlet(konna):
    assert konna.who("a merchant from Konna told Reuters") == [
        ("merchant-from-konna", "reuters", "cue", "2013-01-12")
    ]
    assert ("regional-security-source", "afp", "cue", None) in konna.who("regional security source")
    assert ("malian-captain", "afp", "cue", None) in konna.who("a Malian captain told AFP")
    assert konna.who("the newspaper Jeune Afrique reported") == [
        ("military-source-jeune-afrique", "jeune-afrique", "cue", "2012-12")
    ]
    assert konna.who("contacted by Sahara Media") == [("ansar-dine", "sahara-media", "cue", "2013-01-13")]


def test_dates_of_statements(konna):
    assert ("french-senate", None, "cue", "2013-04-23") in konna.who("report from the French Senate")
    assert konna.who("according to a Malian newspaper, 101 jihadists") == [
        ("malian-newspaper", None, "cue", "2013-01-14")
    ]
    assert konna.who("Konna Mayor Ibrahima Diakité told") == [("ibrahima-diakite", None, "cue", "2013-02")]
    assert konna.who("the staff of the Malian army claimed") == [
        ("malian-army", None, "cue", "2013-01-12"),
        ("jean-yves-le-drian", None, "cue", "2013-01-15"),
    ]
    # A date that says when something happened is not when it was said.
    assert konna.who("6 other Islamists were killed in the night") == [("malian-officers", None, "cue", None)]


def test_speakers_carried_from_the_sentence_before(konna):
    assert konna.who("He states that only five fighters") == [
        ("abu-el-habib-sidi-mohamed", None, "carried", None)
    ]
    assert konna.who("He estimates that he counted 502 bodies") == [
        ("resident-who-washed-bodies", None, "carried", None)
    ]
    assert konna.who("According to the first, the goal") == [("dgse", None, "carried", None)]


def test_cues_are_the_words_that_attribute(konna):
    def cues(words: str) -> list[str | None]:
        idx = konna.claim(words)
        return [a.cue for a in konna.attributions if a.claim == idx]

    assert cues("For Laurent Touchard, the jihadist") == ["For Laurent Touchard"]
    assert cues("To the reporter Jean-Paul Mari") == ["To the reporter Jean-Paul Mari"]
    assert cues("two hypotheses are emitted") == ["emitted by the DGSE"]
    assert cues("Didier Dacko told him") == [
        "According to the French colonel who commanded the special forces detachment at Sévaré, "
        "Colonel Didier Dacko told him"
    ]
    assert cues("Jeune Afrique reported") == [
        "the newspaper Jeune Afrique reported that according to a military source"
    ]


def test_two_voices_in_one_sentence(konna):
    assert [s for s, *_ in konna.who("This version is also defended by")] == [
        "jean-christophe-notin",
        "laurent-touchard",
    ]
    assert [s for s, *_ in konna.who("RFI and Al Jazeera")] == ["rfi", "al-jazeera"]
    assert [s for s, *_ in konna.who("only four bodies were found according to French soldiers")] == [
        "french-soldiers",
        "malian-captain",
    ]


def test_sentences_without_a_speaker_are_the_articles_own(konna):
    for words in ("For added discretion", "For their part", "To the west, the Niger", "Around 25 Malian"):
        assert konna.who(words) == [("article", None, "article", None)], words


def test_hedged_and_curated_attributions(konna):
    assert konna.who("French special forces were reported to be on the ground") == [
        ("unnamed-reports", None, "cue", None)
    ]
    # Curated: this sentence continues Jean-Paul Mari's account; Touchard's correction is not Ansar Dine's.
    assert konna.who("they open fire in one sixty soldiers") == [("jean-paul-mari", None, "curated", None)]
    assert konna.who('the "tanks" that Ansar Dine claims') == [("laurent-touchard", None, "cue", None)]


@pytest.mark.parametrize("name", UNCURATED)
def test_uncurated_articles_are_attributed_by_rule(name, tmp_path):
    art = uncurated(name, tmp_path)
    assert {a.claim for a in art.attributions} == {c.index for c in art.article.claims}
    for a in art.attributions:
        if a.cue_start is not None:
            assert art.article.text[a.cue_start : a.cue_end] == a.cue


def test_rules_find_speakers_in_articles_nobody_curated(tmp_path):
    diabaly = uncurated("battle_of_diabaly.txt", tmp_path)
    assert diabaly.who("According to Jean-Paul Mari, reporter for Le Nouvel Observateur") == [
        ("jean-paul-mari", "le-nouvel-observateur", "cue", None)
    ]
    assert diabaly.by_slug["jean-paul-mari"].type == "journalist_historian"
    gao = uncurated("second_battle_of_gao.txt", tmp_path)
    assert gao.who("according to testimonies of inhabitants") == [("inhabitants", None, "cue", None)]
    assert gao.by_slug["inhabitants"].type == "witness_resident"


def test_konna_without_curation_still_attributes_most_speakers(tmp_path):
    path = Path(shutil.copy(KONNA, tmp_path / "konna.txt"))
    bare = Attributed(path, curated=False)
    speakers = {a.source for a in bare.attributions}
    assert {
        "military-source",
        "ansar-dine",
        "human-rights-watch",
        "didier-dacko",
        "residents",
        "mohammed",
    } <= speakers
    assert ("merchant-from-konna", "reuters", "cue", "2013-01-12") in bare.who("told Reuters")
    # "a resident of Konna" in two sentences is not assumed to be one person; "residents" are one group.
    assert ("resident-of-konna", None, "cue", None) in bare.who("dozens of bodies were left")
    assert bare.who("He estimates that he counted 502") == [("resident-of-konna-2", None, "carried", None)]
    assert bare.by_slug["resident-of-konna-2"].name == "Resident of Konna (2)"
    assert bare.who("buried in Sama")[0][0] == bare.who("(according to testimonies of residents)")[0][0]


def copy_konna(tmp_path: Path) -> Path:
    for path in data_dir().glob("battle_of_konna*"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "battle_of_konna.txt"


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, ln in enumerate(lines, start=1) if ln.startswith(start))


@pytest.mark.parametrize(
    ("kind", "article_old", "article_new", "row_start"),
    [
        ("sources", "a Malian captain told AFP", "a Malian officer told AFP", "a Malian captain told AFP"),
        (
            "attributions",
            "Arrived at a checkpoint in the middle of the military",
            "Arriving at a checkpoint in the middle of the military",
            "Arrived at a checkpoint",
        ),
    ],
)
def test_a_curated_row_whose_text_is_gone_stops_the_build(
    tmp_path, kind, article_old, article_new, row_start
):
    path = copy_konna(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(article_old, article_new, 1), encoding="utf-8")
    csv_path = tmp_path / f"battle_of_konna.{kind}.csv"
    article = parse_file(path)
    curation = load_curation(article)
    entities, _, _ = extract_entities(article, curation)
    with pytest.raises(CurationError) as err:
        attribute(article, entities, curation)
    assert err.value.path == csv_path and err.value.line == line_of(csv_path, row_start)
    assert f"battle_of_konna.{kind}.csv:{err.value.line}" in str(err.value) and article_old[:20] in str(
        err.value
    )


def test_a_curated_drop_that_no_longer_applies_is_reported(tmp_path):
    path = copy_konna(tmp_path)
    csv_path = tmp_path / "battle_of_konna.attributions.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8") + "Around 25 Malian soldiers were killed.,,drop,hrw,,,,\n",
        encoding="utf-8",
    )
    article = parse_file(path)
    curation = load_curation(article)
    entities, _, _ = extract_entities(article, curation)
    with pytest.raises(CurationError, match="no attribution to 'hrw'"):
        attribute(article, entities, curation)


NAMES = st.sampled_from(
    ["Human Rights Watch", "Laurent Touchard", "a military source", "the DGSE", "residents"]
)
CUES = st.sampled_from(["According to {s}, ", "For {s}, ", "{s} said that ", "{s} told Reuters that ", ""])
CHUNKS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(
        ["according to", "told", "said", "by", "He states", ",", "(", ")", '"', "who claims", "of the"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(cue=CUES, name=NAMES, rest=st.lists(CHUNKS, max_size=25))
def test_cue_detection_never_crashes_and_stays_inside_the_sentence(cue, name, rest):
    sentence = cue.format(s=name) + " ".join(rest)
    for f in find_speakers(sentence, 100):
        assert 100 <= f.cue_start <= f.cue_end <= 100 + len(sentence)
        if f.phrase:
            assert sentence[f.start - 100 : f.start - 100 + len(f.phrase)] == f.phrase
    if cue and not rest:
        phrases = [f.phrase for f in find_speakers(sentence + "10 people died.")]
        assert any(name.split()[-1] in p for p in phrases), (sentence, phrases)


@settings(max_examples=100, deadline=None)
@given(body=st.lists(CHUNKS, min_size=1, max_size=40))
def test_any_article_gets_an_attribution_for_every_claim(body):
    text = "= T =\n\nInfobox\n- Place: Konna\n\n" + " ".join(body) + "\n"
    try:
        article = parse_text(text)
    except ArticleError:
        return
    curation = Curation(article)
    entities, _, _ = extract_entities(article, curation)
    sources, attributions = attribute(article, entities, curation)
    assert {a.claim for a in attributions} == {c.index for c in article.claims}
    slugs = {s.slug for s in sources}
    for a in attributions:
        assert a.source in slugs
        if a.cue_start is not None:
            claim = article.claims[a.claim]
            assert article.text[a.cue_start : a.cue_end] == a.cue
            assert claim.start <= a.cue_start <= a.cue_end <= claim.end


# Every cue word and near misses (other cases, inside other words), with the phrases that carry them.
CUE_WORDS = st.sampled_from(
    [
        "According to",
        "according to",
        "ACCORDING TO",
        "For",
        "To",
        "for",
        "by",
        "By",
        "was reported by",
        "were confirmed by",
        "is contested by",
        "was given by",
        "To Reuters,",
        "For the army,",
        "is reportedly",
        "allegedly",
        "were said to",
        "is believed to",
        "released a statement",
        "released",
        "claims",
        "claimed",
        "Said",
        "STATED",
        "estimates",
        "told",
        "He",
        "the army",
        "Reuters",
        "a resident",
        ",",
        "that",
    ]
)


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.one_of(CUE_WORDS, CHUNKS), min_size=1, max_size=20))
def test_a_sentence_without_any_cue_word_has_no_speaker(words):
    """``attribute`` skips sentences without a verb, a hedge or a cue word (``_holds_cue``): they must
    have no cue."""
    sentence = " ".join(words)
    if not _holds_cue_alone(sentence):
        assert find_speakers(sentence) == []


@settings(max_examples=100, deadline=None)
@given(body=st.lists(st.one_of(CUE_WORDS, CHUNKS), min_size=1, max_size=40))
def test_skipping_sentences_without_a_cue_word_changes_nothing(body):
    """Attributing every sentence gives what attributing only those holding a cue word gives."""
    from konna_tui.ingest import sources as module

    text = "= T =\n\n" + " ".join(body) + "\n"
    try:
        article = parse_text(text)
    except ArticleError:
        return
    curation = Curation(article)
    entities, _, _ = extract_entities(article, curation)
    quick = attribute(article, entities, curation)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_holds_cue", lambda text, verbs, hedge: True)
        full = attribute(article, entities, curation)
    assert quick == full


PASSIVE_VERBS = (
    "reported confirmed estimated claimed announced denied defended contested challenged disputed emitted "
    "put forward advanced given cited quoted questioned corroborated refuted"
).replace("put forward", "put_forward")


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Reuters, ten died.",
        "For the army, ten died.",
        "To Reuters, ten died.",
        "Ten died, reportedly.",
        "Ten are believed to have died.",
        "The toll released a statement that ten died.",
        "The army put the death toll at ten.",
        *[f"The toll was {verb.replace('_', ' ')} by Reuters." for verb in PASSIVE_VERBS.split()],
    ],
)
def test_every_kind_of_cue_holds_a_cue_word(sentence):
    """The words ``attribute`` looks for before reading a sentence cover every cue ``find_speakers`` knows."""
    assert find_speakers(sentence), sentence
    assert _holds_cue_alone(sentence)


def _holds_cue_alone(sentence: str) -> bool:
    """``_holds_cue`` of a sentence read alone (``attribute`` finds the verbs and hedges of all at once)."""
    from konna_tui.ingest.sources import HEDGE_RE, VERB_RE, _holds_cue

    hedge = HEDGE_RE.search(sentence)
    verbs = [(m.start(), m.end(), m.group()) for m in VERB_RE.finditer(sentence)]
    return _holds_cue(sentence, verbs, hedge.span() if hedge else None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("ab-_ é\u00a0\t\n,.9"), max_size=30), cut=st.integers(0, 30))
def test_the_word_before_a_verb_is_read_backwards_as_forwards(text, cut):
    """``_last_word`` (read backwards from the end) finds what an end-anchored search finds."""
    import re

    from konna_tui.ingest.sources import _last_word

    m = re.search(r"([\w-]+)\s*$", text[:cut])
    assert _last_word(text, cut) == ((m.group(1), m.start(1)) if m else None)


@pytest.mark.parametrize("opening, closing", [("“", "”"), ('"', '"')])
@pytest.mark.parametrize(
    "sentence",
    ["30 civilians died, according to {q}.", "According to {q}, 30 civilians died."],
)
def test_a_speaker_named_in_quotation_marks_is_the_source(sentence, opening, closing):
    """ "according to “Libération”": the figure is Libération's, not the article's own voice; the cue
    a reader is shown keeps both marks."""
    article = parse_text("= T =\n\n" + sentence.format(q=f"{opening}Libération{closing}") + "\n")
    curation = Curation(article)
    entities, _, _ = extract_entities(article, curation)
    sources, attributions = attribute(article, entities, curation)
    names = {src.slug: src.name for src in sources}
    [said] = attributions
    assert names[said.source] == "Libération" and said.method == "cue"
    assert said.cue is not None and said.cue.lower() == f"according to {opening}libération{closing}"


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        (
            "In a statement, the French Ministry of Defence put the toll at 12.",
            "the French Ministry of Defence",
        ),
        ("Malian officials put the death toll at 60.", "Malian officials"),
        ("The army puts the toll at 11 dead.", "The army"),
    ],
)
def test_whoever_puts_the_toll_at_a_number_is_its_source(sentence, speaker):
    """ "X put the toll at 12": a news phrasing of who counted; "put the prisoners in trucks" is none."""
    assert [f.phrase for f in find_speakers(sentence)] == [speaker]
    assert find_speakers("They put the prisoners in trucks.") == []


def test_a_cited_speaker_is_the_source_and_whoever_cites_them_relays_it():
    """ "Jeune Afrique reported, citing a Malian officer, that...": the officer says it, through the
    newspaper; "the army said, citing witnesses": the witnesses, through the army."""
    text = (
        "= T =\n\nThe newspaper Jeune Afrique reported, citing a Malian officer, that 11 soldiers died. "
        "The army said, citing witnesses, that 20 civilians died.\n"
    )
    article = parse_text(text)
    curation = Curation(article)
    entities, _, _ = extract_entities(article, curation)
    sources, attributions = attribute(article, entities, curation)
    names = {src.slug: src.name for src in sources}
    said = [(names[a.source], a.via and names[a.via]) for a in attributions]
    assert said == [("Malian officer", "Jeune Afrique"), ("Witnesses", "Army")]


def test_a_quotation_closed_before_the_speaker_is_not_part_of_the_name():
    """A mark after the speaker that closes a quotation opened before the cue is not the name's: only a
    mark the name itself opened stays with it."""
    found = find_speakers('He said "we lost 30 men," according to the army"')
    assert [f.phrase for f in found][-1] == "the army"


def test_an_unnamed_speaker_repeated_sentence_after_sentence_is_one_source_per_sentence():
    """ "A resident said ..." forty times: forty residents, numbered in reading order."""
    text = "= T =\n\n" + " ".join(f"A resident said that {k} people died." for k in range(40)) + "\n"
    article = parse_text(text)
    curation = Curation(article)
    entities, _, _ = extract_entities(article, curation)
    sources, attributions = attribute(article, entities, curation)
    by_claim = {a.claim: a.source for a in attributions}
    assert [by_claim[c.index] for c in article.claims] == ["resident"] + [
        f"resident-{k}" for k in range(2, 41)
    ]
    names = {s.slug: s.name for s in sources}
    assert names["resident"] == "Resident" and names["resident-40"] == "Resident (40)"


@settings(max_examples=200, deadline=None)
@given(
    body=st.lists(
        st.one_of(CUE_WORDS, CHUNKS, st.sampled_from(["reportedly.", "is said to", "-said", "said-", "\0"])),
        min_size=1,
        max_size=40,
    )
)
def test_one_scan_of_every_sentence_finds_the_verbs_and_hedges_each_holds(body):
    """The verbs and hedges ``attribute`` finds in one scan of the article are each sentence's own."""
    from konna_tui.ingest.sources import HEDGE_RE, VERB_RE, _article_cues

    try:
        article = parse_text("= T =\n\n" + " ".join(body) + "\n")
    except ArticleError:
        return
    cues = _article_cues(article)
    for k, claim in enumerate(article.claims):
        verbs = [(m.start(), m.end(), m.group("verb")) for m in VERB_RE.finditer(claim.text)]
        hedge = HEDGE_RE.search(claim.text)
        assert cues.verbs.get(k, []) == verbs
        assert cues.hedges.get(k) == (hedge.span() if hedge else None)
