"""Synonyms the team maintains, applied when a query is planned (editing them needs no reindex).

The file is `docs/.deskbook/synonyms.yml` (a dot folder: never built into the site, never
indexed as a page), for example:

```yaml
# Equivalent terms: any of them finds the others. Any language, and across languages.
groups:
  - [refund, reimbursement, money back]
  - [policy, kebijakan, سياسة]
# One-way expansions: the term on the left also searches for the terms on the right.
expand:
  WISMO: [where is my order, order status]
  RMA: [return authorisation]
```

The glossary (`glossary.md` at the top of the docs, and its translations) feeds it too: a
term written as `Full name (ABBR)` or `ABBR (full name)` is a group of both; a line saying
`Also called: x, y.` adds x and y; `AR: …` and `ID: …` add the agreed Arabic and
Indonesian equivalents (parenthesised forms count too: `AR: رد جاهز (قالب رد).`).

A synonym's words are searched with a little less weight than the words typed
(SYNONYM_WEIGHT), so a page using the user's own word ranks first.

The built-in lexicon (`search/lexicon/*.yml`, in the same format, shipped with the package)
knows the common vocabulary of workplaces, IT help desks and e-commerce support in English,
Arabic and Indonesian, and across them, so a knowledge base nobody has tuned still finds
"annual leave" for "vacation". It is the fallback, never the team's word: its synonyms weigh
less (LEXICON_WEIGHT), and it only widens the words no term of the team's file or glossary
covers (a term the team groups its own way is the team's alone); search.query asks it only
when the pages do not answer in the reader's words, and its cross-language pairs only for the
English fallback (`Synonyms.across`). `builtin: false` in the synonyms file switches it off.
`--explain` and the portal's preview mark its expansions.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from content.errors import ContentError
from content.loader import read_text
from content.messages import N_, Message
from search.analysis import is_arabic, surface_words

SYNONYMS_FILE = ".deskbook/synonyms.yml"
SYNONYM_WEIGHT = 0.8
LEXICON_WEIGHT = 0.6  # the built-in lexicon's synonyms: general knowledge, not the team's word
BUILTIN_KEY = "builtin"  # `builtin: false` in the synonyms file switches the lexicon off
BUILTIN_LABEL = "(built-in lexicon)"  # ends an expansion the lexicon made, as explained
MAX_TERM_WORDS = 6
MAX_ENTRIES = 5_000

Term = tuple[str, ...]  # normalised words
# libyaml's loader when PyYAML has it: twenty times faster on the built-in lexicon's files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SynonymsError(ContentError):
    """A problem in the synonyms file, reported as `path:line: message`."""


class Alternative(NamedTuple):
    """Words a matched term also searches for, and whether the built-in lexicon says so."""

    words: Term
    builtin: bool


_JOIN = "\x1f"  # between the terms of one entry of the compiled lexicon


@dataclass(frozen=True)
class Terms:
    """The built-in lexicon's terms: a term's words joined by spaces → the term *and* its
    alternatives, joined by `_JOIN`, with the longest term worked out once.

    Strings rather than tuples of tuples, and with the term itself in, so every term of a group
    (and of no other) shares one string: the lexicon's 6,000 terms cost a searching process
    ≈ 2 MB, not the 9 MB of tuples and sets read from its YAML."""

    alternatives: dict[str, str]
    longest: int

    @classmethod
    def of(cls, alternatives: dict[Term, set[Term]], shared: dict[str, str]) -> Terms:
        """`shared`: the entries made so far (by another Terms too), to share theirs."""
        joined = {}
        for term, alts in alternatives.items():
            if alts - {term}:
                entry = _JOIN.join(" ".join(t) for t in sorted(alts | {term}))
                joined[" ".join(term)] = shared.setdefault(entry, entry)
        return cls.of_table(joined)

    @classmethod
    def of_table(cls, table: dict[str, str]) -> Terms:
        return cls(table, max((len(key.split(" ")) for key in table), default=0))

    def get(self, term: Term) -> str | None:
        return self.alternatives.get(" ".join(term))

    def alternatives_of(self, term: Term) -> list[Term]:
        """The term's alternatives, in order, without the term."""
        entry = self.alternatives.get(" ".join(term), "")
        terms = (tuple(text.split(" ")) for text in entry.split(_JOIN) if text)
        return [alt for alt in terms if alt != term]


@dataclass(frozen=True)
class Lexicon:
    """The built-in lexicon: its groups within each language, and those with its cross-language
    pairs too (for the English fallback of an Arabic or Indonesian search)."""

    within: Terms
    across: Terms


@dataclass
class Synonyms:
    """Term → the terms it also searches for (groups both ways, expansions one way): the
    team's file and glossary, and the built-in `lexicon` for the words they leave out."""

    alternatives: dict[Term, set[Term]] = field(default_factory=dict)
    builtin: bool = True  # False: the file says `builtin: false`
    lexicon: Lexicon | None = None
    cross: bool = False  # the lexicon's cross-language pairs too (see `across`)

    def add_group(self, terms: list[Term]) -> None:
        for term in terms:
            self.alternatives.setdefault(term, set()).update(t for t in terms if t != term)

    def add_expansion(self, term: Term, targets: list[Term]) -> None:
        self.alternatives.setdefault(term, set()).update(t for t in targets if t != term)

    def copy(self) -> Synonyms:
        alternatives = {term: set(alts) for term, alts in self.alternatives.items()}
        return Synonyms(alternatives, self.builtin, self.lexicon, self.cross)

    def across(self) -> Synonyms:
        """The same with the lexicon's cross-language pairs, for the English fallback of an
        Arabic or Indonesian search (elsewhere they would pull English pages above the
        reader's own language's)."""
        return Synonyms(self.alternatives, self.builtin, self.lexicon, cross=True)

    def without_lexicon(self) -> Synonyms:
        return Synonyms(self.alternatives, self.builtin, None, self.cross)

    @property
    def longest(self) -> int:
        return max((len(term) for term in self.alternatives), default=0)

    def matches(self, words: list[str]) -> list[tuple[int, int, Term, list[Alternative]]]:
        """(start, end, the term, its alternatives) for the longest terms found in `words`,
        left to right, not overlapping: the team's terms first, then the lexicon's in the
        words the team's leave."""
        team = [
            (start, end, term, [Alternative(alt, False) for alt in sorted(alternatives)])
            for start, end, term, alternatives in _longest_terms(
                words, 0, len(words), self.alternatives, self.longest
            )
        ]
        lexicon = None
        if self.lexicon is not None:
            lexicon = self.lexicon.across if self.cross else self.lexicon.within
        if lexicon is None or not lexicon.alternatives:
            return team
        found = []
        gap_start = 0
        for match in [*team, (len(words), len(words), (), [])]:
            for start, end, term, _ in _longest_terms(
                words, gap_start, match[0], lexicon, lexicon.longest
            ):
                builtin = [Alternative(alt, True) for alt in lexicon.alternatives_of(term)]
                found.append((start, end, term, builtin))
            if match[2]:
                found.append(match)
            gap_start = match[1]
        return found


def _longest_terms(
    words: list[str], start: int, stop: int, terms: Any, longest: int
) -> list[tuple[int, int, Term, Any]]:
    """The terms of `terms` (term → alternatives) that cover the most of words[start:stop],
    not overlapping; among equal covers the fewest terms, then the longest first term (left to
    right). "kebijakan pengembalian dana" is "kebijakan" + "pengembalian dana" (refund), not
    "kebijakan pengembalian" + a stray "dana"."""
    # best[i]: (words covered, -terms used, the first term's width or 0) from position i on
    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (stop - start + 1)
    found_at: dict[tuple[int, int], Any] = {}
    for position in range(stop - 1, start - 1, -1):
        i = position - start
        choice = (best[i + 1][0], best[i + 1][1], 0)
        for width in range(min(longest, stop - position), 0, -1):
            for term in _forms(tuple(words[position : position + width])):
                alternatives = terms.get(term)
                if alternatives:
                    found_at[position, width] = (term, alternatives)
                    covered, used, _ = best[i + width]
                    choice = max(choice, (covered + width, used - 1, width))
                    break
        best[i] = choice
    found = []
    position = start
    while position < stop:
        width = best[position - start][2]
        if width:
            found.append((position, position + width, *found_at[position, width]))
            position += width
        else:
            position += 1
    return found


# The Arabic article, alone or with particles written onto it: and, so, with, like, for.
_ARTICLES = ("ولل", "فلل", "وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال")


def _forms(typed: Term) -> tuple[Term, ...]:
    """A term as typed, and without the Arabic article on its words ("الإجازة السنوية" is the
    lexicon's "إجازة سنوية"; "والتوصيل", and delivery, is "توصيل"; "للمشرف", for the
    supervisor, is "مشرف"): a lexicon lists a term once, mostly without it."""
    bare = tuple(without_article(word) for word in typed)
    # ه written for a final ة ("اجازه مرضيه"), as people type it
    spelt = tuple(word[:-1] + "ة" if word.endswith("ه") and is_arabic(word) else word
                  for word in bare)  # fmt: skip
    return tuple(dict.fromkeys((typed, bare, spelt)))


def without_article(word: str) -> str:
    """An Arabic word without the article (and a particle written onto it), if it has one."""
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :]
    return word


def _term(text: str) -> Term:
    return tuple(surface_words(text))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def parse_synonyms(shown_as: str, text: str) -> Synonyms:
    """Read a synonyms file's text; raise SynonymsError naming the line of the first problem."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        raise SynonymsError(
            shown_as, line, Message(N_("is not valid YAML: %(problem)s"), problem=str(error))
        ) from error
    synonyms = Synonyms()
    if root is None:
        return synonyms
    if not isinstance(root, yaml.MappingNode):
        raise SynonymsError(
            shown_as, _line(root), Message(N_("must be a mapping with `groups` and `expand`"))
        )
    entries = 0
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key == "groups":
            for group in _sequence(
                shown_as, value_node, Message(N_("`groups` must be a list of lists"))
            ):
                terms = _terms(shown_as, group, Message(N_("each group must be a list of terms")))
                if len(terms) < 2:
                    raise SynonymsError(
                        shown_as, _line(group), Message(N_("a group needs at least two terms"))
                    )
                synonyms.add_group(terms)
                entries += len(terms)
        elif key == BUILTIN_KEY:
            if not isinstance(value_node, yaml.ScalarNode) or value_node.value not in (
                "true",
                "false",
            ):
                raise SynonymsError(
                    shown_as, _line(value_node), Message(N_("`builtin` must be true or false"))
                )
            synonyms.builtin = value_node.value == "true"
        elif key == "expand":
            if not isinstance(value_node, yaml.MappingNode):
                raise SynonymsError(
                    shown_as,
                    _line(value_node),
                    Message(N_("`expand` must map a term to a list of terms")),
                )
            for term_node, targets_node in value_node.value:
                term = _one_term(shown_as, term_node)
                targets = _terms(
                    shown_as,
                    targets_node,
                    Message(N_("`%(term)s` needs a list"), term=term_node.value),
                )
                synonyms.add_expansion(term, targets)
                entries += 1 + len(targets)
        else:
            raise SynonymsError(
                shown_as,
                _line(key_node),
                Message(N_("unknown key `%(key)s`; use `groups`, `expand` or `builtin`"), key=key),
            )
        if entries > MAX_ENTRIES:
            raise SynonymsError(
                shown_as, _line(key_node), Message(N_("more than %(most)s terms"), most=MAX_ENTRIES)
            )
    return synonyms


def _sequence(shown_as: str, node: yaml.Node, message: str) -> list[Any]:
    if not isinstance(node, yaml.SequenceNode):
        raise SynonymsError(shown_as, _line(node), message)
    return list(node.value)


def _terms(shown_as: str, node: yaml.Node, message: str) -> list[Term]:
    terms = [_one_term(shown_as, item) for item in _sequence(shown_as, node, message)]
    if not terms:
        raise SynonymsError(shown_as, _line(node), message)
    return terms


def _one_term(shown_as: str, node: yaml.Node) -> Term:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise SynonymsError(shown_as, _line(node), Message(N_("a term must be a non-empty text")))
    term = _term(str(node.value))
    if not term:
        raise SynonymsError(
            shown_as,
            _line(node),
            Message(N_("`%(term)s` has no letters or digits"), term=node.value),
        )
    if len(term) > MAX_TERM_WORDS:
        raise SynonymsError(
            shown_as,
            _line(node),
            Message(
                N_("`%(term)s` is longer than %(most)s words"), term=node.value, most=MAX_TERM_WORDS
            ),
        )
    return term


# --- the glossary -------------------------------------------------------------------------

_DEFINITION = re.compile(r"^:\s{1,4}\S")
_ABBREVIATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<other>[^()]+)\)\s*$")
_LANGUAGE_FORMS = re.compile(r"\b(?:AR|ID):\s*([^.\n]+)")
_ALSO_CALLED = re.compile(r"\b[Aa]lso called:?\s*([^.\n]+)")


def glossary_groups(text: str) -> list[list[Term]]:
    """Groups from a glossary page written as a definition list (see the module docstring)."""
    lines = text.splitlines()
    groups = []
    for number, line in enumerate(lines):
        if not line.strip() or line.startswith((" ", "\t", "#", ":", "-", "*", ">")):
            continue
        if number + 1 >= len(lines) or not _DEFINITION.match(lines[number + 1]):
            continue
        names = [line.strip()]
        form = _ABBREVIATION.match(line.strip())
        if form is not None:
            names = [form.group("name"), form.group("other")]
        definition = []
        for following in lines[number + 1 :]:
            if following.strip() and not following.startswith((" ", "\t", ":")):
                break
            definition.append(following)
        body = " ".join(definition)
        for found in (*_LANGUAGE_FORMS.findall(body), *_ALSO_CALLED.findall(body)):
            names += re.split(r"[(),;]", found)
        terms = list(dict.fromkeys(t for t in (_term(n) for n in names) if t))
        if len(terms) > 1 and all(len(t) <= MAX_TERM_WORDS for t in terms):
            groups.append(terms)
    return groups


GLOSSARY_PAGES = ("glossary.md", "glossary.ar.md", "glossary.id.md")


# --- the built-in lexicon ------------------------------------------------------------

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
CROSS_FILE = "cross.yml"  # an Arabic or Indonesian term with its English one
LEXICON_FILES = ("en.yml", "ar.yml", "id.yml", CROSS_FILE)


COMPILED_FILE = "compiled.json"  # the files above as builtin_lexicon reads them (see compile)


def read_lexicon(directory: Path) -> Lexicon:
    """The lexicon files of `directory`; raises SynonymsError for a broken one (the tests read
    the shipped files with this, so a broken one fails them)."""
    within: dict[Term, set[Term]] = {}
    across: dict[Term, set[Term]] = {}
    english: dict[Term, set[Term]] = {}  # the cross-language file's pairs alone
    for name in LEXICON_FILES:
        path = directory / name
        if path.is_file():
            parsed = parse_synonyms(f"search/lexicon/{name}", path.read_text(encoding="utf-8"))
            for term, alternatives in parsed.alternatives.items():
                across.setdefault(term, set()).update(alternatives)
                table = english if name == CROSS_FILE else within
                table.setdefault(term, set()).update(alternatives)
    # A term reaches English through its own language's synonyms too: "سياسة الاسترداد" has
    # no pair of its own, but its synonym "سياسة الإرجاع" has "return policy". Without this the
    # fallback matched the longer term and found no English word for it.
    # Only English comes that way (Latin script): an Indonesian group's loanword "laptop" must
    # not bring its Arabic pairs to "komputer".
    for term, alternatives in within.items():
        for alternative in alternatives:
            found = english.get(alternative, set()) - {term}
            across[term].update(alt for alt in found if not any(map(is_arabic, alt)))
    shared: dict[str, str] = {}
    return Lexicon(Terms.of(within, shared), Terms.of(across, shared))


def compile_lexicon(directory: Path) -> str:
    """The lexicon files of `directory` as the JSON `builtin_lexicon` loads: each entry once,
    the terms pointing at it by number. Reading the YAML in every searching process left
    ≈ 9 MB behind (the parser's objects scatter the memory the lexicon keeps); this is read
    with one `json.loads`. `make lexicon` writes it; a test checks it matches the YAML."""
    lexicon = read_lexicon(directory)
    entries: dict[str, int] = {}
    tables = {
        name: {term: entries.setdefault(entry, len(entries)) for term, entry in table.items()}
        for name, table in (
            ("within", lexicon.within.alternatives),
            ("across", lexicon.across.alternatives),
        )
    }
    document = {"entries": list(entries), **tables}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def load_compiled(text: str) -> Lexicon:
    document = json.loads(text)
    entries = document["entries"]

    def terms(name: str) -> Terms:
        return Terms.of_table({term: entries[number] for term, number in document[name].items()})

    return Lexicon(terms("within"), terms("across"))


_builtin: list[Lexicon] = []


def builtin_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process (empty if its file is missing or broken:
    searches go on without it; the tests catch that before it ships)."""
    with _cache_lock:
        if not _builtin:
            try:
                text = (LEXICON_DIR / COMPILED_FILE).read_text(encoding="utf-8")
                _builtin.append(load_compiled(text))
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                _builtin.append(Lexicon(Terms({}, 0), Terms({}, 0)))
        return _builtin[0]


# --- loading, cached by the files' modification times -----------------------------------

_cache: dict[Path, tuple[tuple[tuple[str, int], ...], Synonyms]] = {}
_cache_lock = threading.Lock()


def _sources(docs_dir: Path) -> list[tuple[str, Path]]:
    """The files synonyms come from (a few stat calls: this runs for every search)."""
    names = (*GLOSSARY_PAGES, SYNONYMS_FILE)
    return [(name, docs_dir / name) for name in names if (docs_dir / name).is_file()]


def load_synonyms(docs_dir: Path) -> Synonyms:
    """The synonyms file and the glossary of `docs_dir`, with the built-in lexicon unless the
    file switches it off; reread only when one changed.

    A broken synonyms file is skipped here (searches go on without it); `deskbook check`
    reports it with its line.
    """
    sources = _sources(docs_dir)
    stamp = tuple((relative, path.stat().st_mtime_ns) for relative, path in sources)
    with _cache_lock:
        cached = _cache.get(docs_dir)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    drafted = None
    path = docs_dir / SYNONYMS_FILE
    if path.is_file():
        try:
            drafted = parse_synonyms(SYNONYMS_FILE, read_text(path, SYNONYMS_FILE))
        except ContentError:
            drafted = None
    synonyms = for_searching(docs_dir, drafted or Synonyms())
    with _cache_lock:
        _cache[docs_dir] = (stamp, synonyms)
    return synonyms


def for_searching(docs_dir: Path, synonyms: Synonyms, lexicon: Lexicon | None = None) -> Synonyms:
    """`synonyms` (a synonyms file's, or a draft of one) plus the glossary's groups and, unless
    the file says `builtin: false`, `lexicon` (default: the built-in one)."""
    combined = _with_glossary(docs_dir, synonyms)
    if combined.builtin:
        combined.lexicon = lexicon if lexicon is not None else builtin_lexicon()
    return combined


def _with_glossary(docs_dir: Path, synonyms: Synonyms) -> Synonyms:
    """`synonyms` (a synonyms file's, or a draft of one) plus the glossary's groups."""
    combined = synonyms.copy()
    for name in GLOSSARY_PAGES:
        path = docs_dir / name
        if not path.is_file():
            continue
        try:
            text = read_text(path, name)
        except ContentError:
            continue
        for group in glossary_groups(text):
            combined.add_group(group)
    return combined


def check_synonyms(docs_dir: Path) -> list[ContentError]:
    """Problems in the synonyms file (none when there is no file)."""
    path = docs_dir / SYNONYMS_FILE
    if not path.is_file():
        return []
    try:
        parse_synonyms(SYNONYMS_FILE, read_text(path, SYNONYMS_FILE))
    except ContentError as error:
        return [error]
    return []
