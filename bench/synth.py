"""Generate synthetic battle articles in the bundled article format, for build and search benchmarks.

Each article looks like the Konna one to the extractors: a title, an infobox of
``- Key: value`` fields, a lead, ``==`` and ``===`` sections, and sentences that
carry what the stages look for (figures in digits and words, ranges, dates and
clock times, "according to" cues, named people, units and places). Names,
numbers and dates vary with a seeded random generator, so the vocabulary grows
with the corpus the way real articles would make it grow, and the same seed
always gives the same files.

    python3 bench/synth.py --claims 10000 --out /tmp/synth10k
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from konna_tui.ingest.dates import MONTH_NAMES  # noqa: E402

_SYLLABLES_TEXT = """ba ko na ma li se va re dou en tza go si di ou ka bou gha ta ra mo pti am bo de djo
    sa ha ze id ni ger ki dal tes lit ag ue lok fa ya mou la ne bi so"""
SYLLABLES = _SYLLABLES_TEXT.split()
_WORDS_TEXT = """soldiers fighters vehicles pick-ups helicopters civilians bodies men tanks trucks rockets
    prisoners residents wounded"""
WORDS = _WORDS_TEXT.split()
SIDES = ("Malian", "French", "Islamist", "Chadian", "jihadist")
SOURCES = (
    "Human Rights Watch",
    "Amnesty International",
    "the Malian army",
    "a military source",
    "a resident",
    "local officials",
    "the French defence ministry",
    "Reuters",
    "AFP",
    "RFI",
    "Jeune Afrique",
    "a regional security source",
)
NUMBER_WORDS = (
    "a dozen",
    "a hundred",
    "several dozen",
    "dozens",
    "forty or so",
    "about fifty",
    "two",
    "three",
)
TITLES = ("Colonel", "Captain", "Lieutenant", "Commander", "General")


class Generator:
    """One article's worth of names and sentences, drawn from a seeded random generator."""

    def __init__(self, rng: random.Random, year: int, month: int) -> None:
        self.rng = rng
        self.year = year
        self.month = month
        self.month_name = MONTH_NAMES[month - 1]
        self.places = [self.name(2, 3) for _ in range(6)]
        self.people = [f"{self.name(2, 2)} {self.name(2, 3)}" for _ in range(6)]
        self.groups = [
            self.name(2, 3) + " " + rng.choice(("Brigade", "Front", "Movement", "Army")) for _ in range(3)
        ]
        self.units = [f"{self.ordinal(rng.randint(1, 70))} {self.name(2, 3)} Regiment" for _ in range(3)]
        self.day = rng.randint(1, 20)

    def name(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high))).capitalize()

    @staticmethod
    def ordinal(n: int) -> str:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.15:
            return self.rng.choice(NUMBER_WORDS)
        if r < 0.3:
            low = self.rng.randint(2, 90)
            return f"{low}–{low + self.rng.randint(5, 60)}"
        if r < 0.4:
            return f"{self.rng.randint(1, 9)},{self.rng.randint(0, 999):03d}"
        if r < 0.5:
            return f"at least {self.rng.randint(2, 300)}"
        return str(self.rng.randint(2, 400))

    def sentence(self) -> str:
        r = self.rng
        self.day = min(28, self.day + (1 if r.random() < 0.03 else 0))
        place, person, group, unit = (
            r.choice(self.places),
            r.choice(self.people),
            r.choice(self.groups),
            r.choice(self.units),
        )
        side, source, word = r.choice(SIDES), r.choice(SOURCES), r.choice(WORDS)
        d, month = self.day, self.month_name
        templates = (
            f"On the {self.ordinal(d)}, {self.number()} {side} {word} were killed near {place}, "
            f"according to {source}.",
            f"According to {source}, {self.number()} {word} died in {place} on {d} {month}.",
            f"{r.choice(TITLES)} {person}, commander of the {unit}, said that {self.number()} {word} "
            f"were destroyed.",
            f"Around {r.randint(1, 11)} {r.choice(('am', 'pm'))}, the {group} attacked {place} with about "
            f"{self.number()} pick-ups.",
            f"In the night of {d} to {d + 1} {month}, fighters of the {group} entered {place}.",
            f"The town of {place} was retaken by {side} forces after several hours of fighting.",
            f"A resident of {place} told {source} that he counted {self.number()} bodies.",
            f"{self.number().capitalize()} men were engaged, including {self.number()} from the {group}.",
            f"On {month} {d}, {year_phrase(self.year)}the {unit} withdrew towards {place}.",
            f"{person} estimated that the {group} lost {self.number()} {word} and "
            f"{r.randint(2, 40)} vehicles.",
        )
        return r.choice(templates)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def year_phrase(year: int) -> str:
    return f"{year}, " if year % 2 else ""


def article(rng: random.Random, index: int, sentences: int) -> tuple[str, str, int]:
    """(file stem, text, claims) of one article with about ``sentences`` sentences."""
    year, month = rng.randint(1990, 2020), rng.randint(1, 12)
    g = Generator(rng, year, month)
    title = f"Battle of {g.places[0]}"
    d1 = rng.randint(1, 20)
    infobox = [
        ("Conflict", title),
        ("Partof", f"the {g.name(2, 3)} conflict"),
        ("Date", f"{d1}–{d1 + rng.randint(1, 8)} {g.month_name} {year}"),
        ("Place", f"{g.places[0]}, {g.name(2, 2)}"),
        ("Result", f"{g.groups[0]} captures {g.places[0]}, {SIDES[0]} army retakes it"),
        ("Combatant1", g.groups[0]),
        ("Combatant2", g.groups[1]),
        ("Commander1", ", ".join(g.people[:2])),
        ("Commander2", ", ".join(g.people[2:4])),
        ("Strength1", f"{rng.randint(100, 3000):,} soldiers, {rng.randint(2, 40)} helicopters"),
        ("Strength2", f"Estimated {rng.randint(100, 3000):,} fighters, {rng.randint(10, 300)} vehicles"),
        ("Casualties1", f"{rng.randint(2, 90)} soldiers killed, {rng.randint(2, 90)} + injured"),
        (
            "Casualties2",
            f"{rng.randint(10, 90)}–{rng.randint(100, 200)} dead, ~{rng.randint(5, 60)} vehicles destroyed",
        ),
    ]
    lines = [f"= {title} =", "", "Infobox"] + [f"- {k}: {v}" for k, v in infobox] + [""]
    claims = len(infobox)
    sections = [
        ("", 1),
        ("==Background==", 2),
        ("==Forces in presence==", 2),
        ("==The battle==", 0),
        (f"===Capture of {g.places[1]}===", 3),
        (f"==={g.places[2]} and {g.places[3]}===", 3),
        (f"===Recapture of {g.places[1]}===", 3),
        ("==Aftermath and casualties==", 3),
    ]
    total = sum(w for _, w in sections)
    left = sentences
    for n, (heading, weight) in enumerate(sections):
        if heading:
            lines.append(heading)
        share = max(1, round(sentences * weight / total)) if weight else 0
        if n == len(sections) - 1:
            share = max(1, left)
        share = min(share, max(left, 1))
        left -= share
        while share > 0:
            k = min(share, rng.randint(3, 8))
            lines.append(g.paragraph(k))
            lines.append("")
            claims += k
            share -= k
    return f"synthetic_{index:05d}", "\n".join(lines).rstrip() + "\n", claims


def generate(total_claims: int, out: Path, seed: int = 1, per_article: int = 200) -> tuple[list[Path], int]:
    """Write articles under ``out`` until they hold at least ``total_claims`` claims."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    claims = 0
    index = 0
    while claims < total_claims:
        size = min(per_article, max(12, total_claims - claims))
        stem, text, n = article(rng, index, max(1, size - 13))
        path = out / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        claims += n
        index += 1
    return paths, claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write synthetic articles in the bundled article format.")
    parser.add_argument("--claims", type=int, default=10_000, help="at least this many claims in all")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the articles into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-article", type=int, default=200, help="claims per article")
    args = parser.parse_args(argv)
    if args.claims < 1 or args.per_article < 20:
        parser.error("--claims must be at least 1 and --per-article at least 20")
    paths, claims = generate(args.claims, args.out, args.seed, args.per_article)
    print(f"{len(paths)} articles, {claims} claims in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
