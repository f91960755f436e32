"""Deterministic synthetic knowledge base for the search benchmarks.

`generate(pages, seed)` returns Markdown pages shaped like the real docs/: front matter
(title, type, owner, tags, lang, review_every, last_reviewed, summary, translation_of for
translations, based_on for templates), one H1 with an intro, then 5–6 `##` sections, so a page
has 6–7 sections (10k pages ≈ 65k sections). About 70 % English; Arabic and Indonesian pages
are translations next to their English source (`x.ar.md`, `x.id.md`).

    .venv/bin/python -m benchmarks.corpus --pages 1000 --seed 7 --out /tmp/kb-1k
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import yaml

from benchmarks.vocabulary import (
    CITIES,
    FOLDERS,
    LANGUAGES,
    OWNERS,
    PEOPLE,
    PRODUCTS,
    Language,
    Topic,
)
from content.anchors import slug

TRANSLATION_SHARE = {"ar": 0.15, "id": 0.15}
REPLY_HEADING = {"en": "Reply", "ar": "الرد", "id": "Balasan"}
ARABIC_DIACRITICS = ("\u064e", "\u064f", "\u0650", "\u0651")  # fatha, damma, kasra, shadda
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{4,}")


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    lang: str
    title: str
    headings: tuple[str, ...]  # the `##` headings, in order
    text: str  # the whole file


@lru_cache(maxsize=8)
def _zipf_weights(size: int) -> list[float]:
    return list(accumulate(1 / rank for rank in range(1, size + 1)))


class _Writer:
    """Builds one page's sentences, headings and file text from a language's phrase banks."""

    def __init__(self, rng: random.Random, lang: Language, topic: Topic) -> None:
        self.rng, self.lang, self.topic = rng, lang, topic

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def zipf(self, options: tuple[str, ...]) -> str:
        """A long-tail pick: the first options are common, the last ones rare."""
        return self.rng.choices(options, cum_weights=_zipf_weights(len(options)))[0]

    def detail(self) -> str:
        return self.lang.detail.format(
            detail=self.zipf(self.lang.details),
            other=self.zipf(self.lang.details),
            product=self.pick(PRODUCTS),
            city=self.pick(CITIES),
            person=self.pick(PEOPLE),
        )

    def noun(self) -> str:
        if self.rng.random() < 0.7:
            return self.pick(self.topic.nouns)
        return self.pick(self.lang.objects)

    def sentence(self) -> str:
        obj = self.noun() if self.rng.random() < 0.5 else self.pick(self.lang.objects)
        parts = [
            self.pick(self.lang.openers),
            self.pick(self.lang.subjects),
            self.pick(self.lang.verbs),
            obj,
            self.pick(self.lang.qualifiers),
        ]
        text = " ".join(p for p in parts if p)
        text = text[0].upper() + text[1:] + "."
        if self.lang.code == "ar" and self.rng.random() < 0.05:
            text = self._with_diacritics(text)
        return text

    def _with_diacritics(self, text: str) -> str:
        """Vocalise one word, as Arabic writers sometimes do to disambiguate."""
        words = list(_ARABIC_WORD.finditer(text))
        if not words:
            return text
        word = self.rng.choice(words)
        marked = "".join(
            ch + self.pick(ARABIC_DIACRITICS) if ch not in "اأإآلى" and self.rng.random() < 0.6
            else ch
            for ch in word.group()
        )
        return text[: word.start()] + marked + text[word.end() :]

    def example(self) -> str:
        return self.lang.example.format(
            order=f"LM-{self.rng.randrange(100000, 999999)}",
            product=self.pick(PRODUCTS),
            region=self.pick(self.lang.regions),
            amount=self.rng.randrange(9, 900),
            days=self.rng.randrange(1, 15),
        )

    def paragraph(self, sentences: int) -> str:
        """Phrase-bank sentences with, now and then, a long-tail detail sentence."""
        return " ".join(
            self.detail() if self.rng.random() < 0.2 else self.sentence() for _ in range(sentences)
        )

    def fill(self, pattern: str) -> str:
        return pattern.format(
            topic=self.topic.name,
            noun=self.noun(),
            region=self.pick(self.lang.regions),
            channel=self.pick(self.lang.channels),
        )

    def headings(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            heading = self.fill(self.pick(self.lang.heading_patterns))
            heading = heading[0].upper() + heading[1:]
            if slug(heading) not in {slug(h) for h in chosen}:
                chosen.append(heading)
        return chosen

    def section_body(self) -> str:
        blocks = [self.paragraph(self.rng.randint(4, 6))]
        roll = self.rng.random()
        if roll < 0.3:
            blocks.append("\n".join(f"- {b}" for b in self.rng.sample(self.lang.bullets, 3)))
        elif roll < 0.4:
            blocks.append(f'!!! tip "{self.topic.name}"\n    {self.sentence()}')
        blocks.append(self.paragraph(self.rng.randint(2, 3)))
        if self.rng.random() < 0.25:
            blocks.append(self.example())
        return "\n\n".join(blocks)


def _front_matter(fields: dict[str, object]) -> str:
    dumped = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )
    return f"---\n{dumped}---\n"


def _page(
    rng: random.Random,
    path: str,
    lang: Language,
    topic: Topic,
    page_type: str,
    translation_of: str | None,
    based_on: str | None,
) -> GeneratedPage:
    writer = _Writer(rng, lang, topic)
    title = writer.fill(writer.pick(lang.title_patterns))
    headings = writer.headings(rng.choice((5, 6)))
    if page_type == "template":
        headings[-1] = REPLY_HEADING[lang.code]
    fields: dict[str, object] = {
        "title": title,
        "type": page_type,
        "owner": rng.choice(OWNERS),
        "tags": sorted({topic.key, rng.choice(("sla", "marketplaces", "helpdesk", "quality"))}),
        "lang": lang.code,
        "review_every": rng.choice((60, 90, 180)),
        "last_reviewed": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(320)),
        "summary": writer.sentence(),
    }
    if translation_of:
        fields["translation_of"] = translation_of
    if based_on:
        fields["based_on"] = [based_on]
    body = [f"# {title}", writer.paragraph(rng.randint(3, 5))]
    for heading in headings:
        body.append(f"## {heading}")
        if heading == REPLY_HEADING[lang.code]:
            body.append("```text\n" + writer.paragraph(4) + "\n```")
        else:
            body.append(writer.section_body())
    text = _front_matter(fields) + "\n" + "\n\n".join(body) + "\n"
    return GeneratedPage(path, lang.code, title, tuple(headings), text)


def _topic_in(lang: Language, key: str, rng: random.Random) -> Topic:
    return next((t for t in lang.topics if t.key == key), rng.choice(lang.topics))


def generate(pages: int, seed: int = 7) -> list[GeneratedPage]:
    """`pages` pages, the same for the same (pages, seed)."""
    rng = random.Random(seed)
    english = LANGUAGES["en"]
    folder_choices = [(f, t) for f, t, weight in FOLDERS for _ in range(weight)]
    result: list[GeneratedPage] = []
    untranslated: dict[str, list[GeneratedPage]] = {"ar": [], "id": []}
    policies: list[GeneratedPage] = []
    for number in range(pages):
        roll, lang_code = rng.random(), "en"
        for code, share in TRANSLATION_SHARE.items():
            if roll < share and untranslated[code]:
                lang_code = code
                break
            roll -= share
        if lang_code == "en":
            folder, page_type = rng.choice(folder_choices)
            topic = rng.choice(english.topics)
            based_on = None
            if page_type == "template" and policies:
                policy = rng.choice(policies)
                based_on = f"{policy.path}#{slug(policy.headings[0])}"
            path = f"{folder}/{topic.key}-{number:05d}.md"
            page = _page(rng, path, english, topic, page_type, None, based_on)
            if page_type == "policy":
                policies.append(page)
            for waiting in untranslated.values():
                waiting.append(page)
        else:
            waiting = untranslated[lang_code]
            source = waiting.pop(rng.randrange(len(waiting)))
            folder, topic_key = source.path.split("/")[0], source.path.split("/")[1][:-9]
            lang = LANGUAGES[lang_code]
            page_type = next(t for f, t, _ in FOLDERS if f == folder)
            path = source.path[:-3] + f".{lang_code}.md"
            topic = _topic_in(lang, topic_key, rng)
            page = _page(rng, path, lang, topic, page_type, source.path, None)
        result.append(page)
    return result


def write(pages: list[GeneratedPage], out_dir: Path) -> None:
    for page in pages:
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    pages = generate(args.pages, args.seed)
    write(pages, args.out)
    print(f"wrote {len(pages)} pages to {args.out}")


if __name__ == "__main__":
    main()
