"""Competing estimates share a quantity key; infobox figures are linked to the body that states them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from konna_tui.ingest.article import Article, parse_file
from konna_tui.ingest.curation import CurationError, load_curation
from konna_tui.ingest.numbers import extract_numbers
from konna_tui.ingest.quantities import assign_quantities, link_infobox
from konna_tui.ingest.records import Figure, Quantity, Support

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KONNA = DATA / "battle_of_konna.txt"
CSV = DATA / "battle_of_konna.quantities.csv"


def run(path: Path) -> tuple[Article, list[Figure], list[Quantity], list[Support]]:
    article = parse_file(path)
    figures, _ = extract_numbers(article)
    quantities = assign_quantities(article, figures, load_curation(article))
    supports = link_infobox(article, figures)
    return article, figures, quantities, supports


@pytest.fixture(scope="module")
def konna() -> tuple[Article, list[Figure], list[Quantity], list[Support]]:
    return run(KONNA)


def estimates(konna, key: str) -> list[tuple[str, str]]:
    """(figure as written, its claim) for every figure of a quantity, in text order."""
    article, figures, _, _ = konna
    return [(f.raw, article.claims[f.claim].text) for f in figures if f.quantity_key == key]


def test_malian_soldiers_killed_are_separate_estimates_with_their_sentences(konna) -> None:
    got = estimates(konna, "mali_soldiers_killed")
    expected = [
        ("58", "Casualties1: 58 soldiers killed"),
        ("Around 25", "Around 25 Malian soldiers were killed."),
        ("11", "the Malian army, indicated in an initial assessment that 11 of its soldiers"),
        ("20", "Colonel Didier Dacko told him on January 10 that his losses were 20 dead"),
        ("several dozen", "a merchant from Konna told Reuters that he counted 148 dead"),
        ("47", "Another witness, named Mohammed, claims to have counted 47 bodies"),
        ("36", "According to some residents, 36 Malian soldiers were buried in Sama."),
        ("58", "According to a military source, 58 Malian soldiers were killed"),
        ("11", "according to a Malian newspaper, 101 jihadists, 11 Malian soldiers"),
        ("25", "Ansar Dine claimed to have killed 25 Malian soldiers"),
        ("60", "they also estimated that 60 Malian soldiers were killed"),
    ]
    assert [raw for raw, _ in got] == [raw for raw, _ in expected]
    for (raw, claim), (_, words) in zip(got, expected, strict=True):
        assert words in claim, f"{raw} should come from a claim saying {words!r}"
    article, figures, _, _ = konna
    values = sorted({f.best for f in figures if f.quantity_key == "mali_soldiers_killed" and f.best})
    assert values == [11, 20, 25, 36, 47, 58, 60]
    dacko = next(f for f in figures if f.quantity_key == "mali_soldiers_killed" and f.raw == "20")
    assert (dacko.side, dacko.unit, dacko.method) == ("mali", "soldiers", "curated")


def test_a_clash_of_one_night_is_not_an_estimate_of_the_battles_toll(konna) -> None:
    assert [raw for raw, _ in estimates(konna, "mali_soldiers_killed_dengaourou")] == ["Two"]
    assert [raw for raw, _ in estimates(konna, "islamists_killed_dengaourou")] == ["four", "six", "6"]
    assert "only four bodies" in estimates(konna, "islamists_killed_dengaourou")[0][1]


def test_islamists_killed(konna) -> None:
    assert [raw for raw, _ in estimates(konna, "islamists_killed")] == [
        "50–150",
        "a hundred",
        "at least 46",
        "101",
        "130",
        "four",  # Kojak and four of his fighters
        "five",
        "8",
        "at least 502",
        "502",
    ]


def test_civilians(konna) -> None:
    assert [raw for raw, _ in estimates(konna, "civilians_killed")] == [
        "15",
        "at least ten",
        "10",
        "seven",
        "at least 10",
        "at least five",
        "15",
    ]
    assert [raw for raw, _ in estimates(konna, "civilians_wounded")] == ["19"]
    assert [raw for raw, _ in estimates(konna, "civilian_children_killed")] == ["three", "three"]
    # Notin's "these five civilians" restates Amnesty's five: not a new estimate.
    article, figures, _, _ = konna
    these = next(f for f in figures if f.raw == "five" and "these five" in article.claims[f.claim].text)
    assert these.quantity_key is None


def test_strengths_are_split_where_they_count_different_things(konna) -> None:
    fighters = [raw for raw, _ in estimates(konna, "islamist_fighters_engaged")]
    assert fighters == [
        "Estimated 1,200",
        "An estimated 1,200",
        "around 1,500",
        "about 5,000",
        "1,500 to 3,000",
        "1,200",
        "1,500 to 2,500",
    ]
    assert [raw for raw, _ in estimates(konna, "aqim_fighters_engaged")] == ["300"]
    assert [raw for raw, _ in estimates(konna, "mujao_fighters_engaged")] == ["600"]
    assert [raw for raw, _ in estimates(konna, "islamist_reinforcements")] == ["500"]
    vehicles = [raw for raw, _ in estimates(konna, "islamist_vehicles_engaged")]
    assert vehicles == ["300", "about fifty", "more than 300", "70", "150", "300"]
    assert [raw for raw, _ in estimates(konna, "islamist_vehicles_destroyed")] == ["~50", "about 50", "30"]
    assert [raw for raw, _ in estimates(konna, "french_soldiers_engaged")] == ["100", "70", "about 100"]
    assert [raw for raw, _ in estimates(konna, "french_soldiers_recapture")] == ["forty or so"]
    assert [raw for raw, _ in estimates(konna, "mali_soldiers_engaged")] == ["more than 2,000"]
    assert [raw for raw, _ in estimates(konna, "mali_reinforcements")] == ["300"]
    assert [raw for raw, _ in estimates(konna, "mali_soldiers_recapture")] == ["400"]


def test_french_losses_wounded_totals_and_executions(konna) -> None:
    assert [raw for raw, _ in estimates(konna, "french_killed")] == ["1", "one", "a French pilot"]
    assert [raw for raw, _ in estimates(konna, "mali_soldiers_wounded")] == [
        "60 +",
        "about sixty",
        "about 60",
        "several dozen",
    ]
    assert [raw for raw, _ in estimates(konna, "total_killed")] == ["149", "148"]
    assert [raw for raw, _ in estimates(konna, "mali_soldiers_executed")] == ["seven"]
    assert [raw for raw, _ in estimates(konna, "executed_by_malian_soldiers")] == ["25 to 30", "at least 13"]
    assert [raw for raw, _ in estimates(konna, "disappeared_after_arrest")] == ["five"]


def test_a_curated_row_can_add_a_figure_the_rules_cannot_see(konna) -> None:
    article, figures, _, _ = konna
    pilot = next(f for f in figures if f.raw == "a French pilot")
    assert (pilot.best, pilot.unit, pilot.side, pilot.method) == (1, "pilots", "france", "curated")
    assert article.text[pilot.start : pilot.end] == pilot.raw
    assert figures == sorted(figures, key=lambda f: f.start)


def test_one_sixty_is_about_sixty_soldiers_fired_on_not_killed(konna) -> None:
    article, figures, _, _ = konna
    f = next(f for f in figures if f.raw == "one sixty")
    assert (f.best, f.qualifier, f.side, f.outcome, f.quantity_key) == (60, "about", "mali", None, None)


def test_quantities_have_labels_and_an_order(konna) -> None:
    _, figures, quantities, _ = konna
    keys = [q.key for q in quantities]
    assert keys[0] == "mali_soldiers_killed"
    assert len(keys) == len(set(keys))
    assert {f.quantity_key for f in figures if f.quantity_key} == set(keys)
    by_key = {q.key: q for q in quantities}
    assert by_key["mali_soldiers_killed"].label == "Malian soldiers killed"
    assert by_key["islamists_killed_dengaourou"].label == "Islamists killed at Dengaourou (16–17 January)"
    assert (by_key["civilians_killed"].side, by_key["civilians_killed"].outcome) == ("civilians", "killed")
    assert [q.ordinal for q in quantities] == list(range(len(quantities)))


# ---------------------------------------------------------------------------------------------
# Infobox support.


def supported_by(konna, infobox_words: str, raw: str) -> tuple[str | None, list[str]]:
    article, figures, _, supports = konna
    n = next(
        n
        for n, f in enumerate(figures)
        if f.raw == raw
        and article.claims[f.claim].kind == "infobox"
        and infobox_words in article.claims[f.claim].text
    )
    backing = [article.claims[figures[s.supporting_figure].claim].text for s in supports if s.figure == n]
    return figures[n].support, backing


def test_infobox_58_is_backed_by_the_military_source(konna) -> None:
    support, backing = supported_by(konna, "Casualties1", "58")
    assert support == "supported"
    assert backing == ["According to a military source, 58 Malian soldiers were killed in the fighting."]


def test_infobox_1200_is_backed_by_rfi_al_jazeera_and_the_lead(konna) -> None:
    support, backing = supported_by(konna, "Strength2", "Estimated 1,200")
    assert support == "supported"
    assert len(backing) == 2
    assert any("according to RFI and Al Jazeera" in b for b in backing)
    assert any(b.startswith("An estimated 1,200 Islamist fighters") for b in backing)


def test_other_infobox_support(konna) -> None:
    support, backing = supported_by(konna, "Casualties2", "~50")
    assert support == "supported"
    assert backing == ["According to residents of Konna, about 50 vehicles were destroyed by air strikes."]
    support, backing = supported_by(konna, "Casualties3", "15")
    assert support == "supported" and len(backing) == 1 and "Mayor Ibrahima Diakité" in backing[0]
    support, backing = supported_by(konna, "Casualties1", "1")
    assert support == "supported" and len(backing) == 2  # "one casualty" and "a French pilot"
    assert supported_by(konna, "Casualties1", "60 +")[0] == "supported"  # "about sixty", "about 60"
    assert supported_by(konna, "Strength1", "100")[0] == "supported"  # COS personnel "about 100 men"
    # Nobody in the body says 50 to 150 Islamists died, though 101 and 130 fall inside the range.
    assert supported_by(konna, "Casualties2", "50–150") == ("unsupported", [])
    # 149 is the infobox's own sum; the merchant's 148 is close but not the same.
    assert supported_by(konna, "Casualties3", "149") == ("unsupported", [])


def test_every_infobox_figure_is_marked_and_no_body_figure_is(konna) -> None:
    article, figures, _, supports = konna
    for f in figures:
        if article.claims[f.claim].kind == "infobox":
            assert f.support in ("supported", "unsupported")
        else:
            assert f.support is None
    for s in supports:
        assert figures[s.figure].quantity_key == figures[s.supporting_figure].quantity_key


# ---------------------------------------------------------------------------------------------
# Articles nobody curated.


def test_rules_key_uncurated_articles() -> None:
    article, figures, quantities, _ = run(FIXTURES / "second_battle_of_gao.txt")
    assert "islamists_killed" in {q.key for q in quantities}
    killed = [f.raw for f in figures if f.quantity_key == "islamists_killed"]
    assert killed == ["25", "about 60"]
    assert all(f.method == "rule" for f in figures)
    diabaly = run(FIXTURES / "battle_of_diabaly.txt")
    engaged = [f.raw for f in diabaly[1] if f.quantity_key == "islamist_fighters_engaged"]
    assert engaged == ["250–300", "400"]


def test_uncurated_infobox_support_by_rule() -> None:
    _, figures, _, supports = run(FIXTURES / "battle_of_diabaly.txt")
    fighters = next(f for f in figures if f.raw == "250–300")
    assert fighters.support == "unsupported"  # the body (cut short) says 400 men
    assert not [s for s in supports if figures[s.figure] is fighters]
    article, figures, _, supports = run(FIXTURES / "second_battle_of_gao.txt")
    men = next(f for f in figures if f.raw == "88" and article.claims[f.claim].kind == "infobox")
    # No side in the infobox (its Combatant1 is blank), no key: the same count of people still backs it.
    backing = [
        article.claims[figures[s.supporting_figure].claim].text for s in supports if figures[s.figure] is men
    ]
    assert men.support == "supported"
    assert backing == ["A total of 88 Special Forces soldiers took in the fighting in Gao."]


# ---------------------------------------------------------------------------------------------
# Curation that no longer matches stops the build.


def copy_article(tmp_path: Path, csv_text: str | None = None, article_text: str | None = None) -> Path:
    article = tmp_path / KONNA.name
    shutil.copy(KONNA, article)
    if article_text is not None:
        article.write_text(article_text, encoding="utf-8")
    csv = tmp_path / CSV.name
    if csv_text is None:
        shutil.copy(CSV, csv)
    else:
        csv.write_text(csv_text, encoding="utf-8")
    return article


def test_a_row_whose_text_is_gone_names_file_line_and_text(tmp_path: Path) -> None:
    edited = KONNA.read_text(encoding="utf-8").replace(
        "According to some residents, 36 Malian soldiers were buried in Sama.",
        "According to some residents, 37 Malian soldiers were buried in Sama.",
    )
    path = copy_article(tmp_path, article_text=edited)
    lines = CSV.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, start=1) if row.startswith("36 Malian soldiers were buried"))
    article = parse_file(path)
    figures, _ = extract_numbers(article)
    with pytest.raises(CurationError) as err:
        assign_quantities(article, figures, load_curation(article))
    message = str(err.value)
    assert message.startswith(f"{tmp_path / CSV.name}:{line}: ")
    assert "'36 Malian soldiers were buried in Sama'" in message


def test_a_row_whose_figure_is_gone_or_not_a_figure_is_an_error(tmp_path: Path) -> None:
    header = "text,figure,quantity_key\n"
    row = "Around 25 Malian soldiers were killed,Around 26,x_killed\n"
    path = copy_article(tmp_path, csv_text=header + row)
    article = parse_file(path)
    with pytest.raises(CurationError, match=r":2: expected text not found .*'Around 26'"):
        assign_quantities(article, extract_numbers(article)[0], load_curation(article))
    row = "Malian soldiers were killed,Malian,x_killed\n"
    path = copy_article(tmp_path, csv_text="# comment\n" + header + row)
    article = parse_file(path)
    with pytest.raises(CurationError, match=r":3: no figure found at 'Malian'"):
        assign_quantities(article, extract_numbers(article)[0], load_curation(article))


def test_bad_values_in_a_row_are_errors(tmp_path: Path) -> None:
    header = "text,figure,quantity_key,side\n"
    path = copy_article(tmp_path, csv_text=header + "Around 25 Malian soldiers,Around 25,Mali Killed!,\n")
    article = parse_file(path)
    with pytest.raises(CurationError, match="quantity_key"):
        assign_quantities(article, extract_numbers(article)[0], load_curation(article))
    rows = "Around 25 Malian soldiers,Around 25,a_key,\nAround 25 Malian,Around 25,b_key,\n"
    path = copy_article(tmp_path, csv_text=header + rows)
    article = parse_file(path)
    with pytest.raises(CurationError, match=":3: figure 'Around 25' is already curated at line 2"):
        assign_quantities(article, extract_numbers(article)[0], load_curation(article))
