"""The customer's latest words: a message without the thread it quotes and the signature.

Works line by line, top down. The first line that starts a quote ends the customer's words:
`>` lines, an attribution ("On … wrote:", "Pada … menulis:", "في … كتب …:"), a mail header
block (From:/Sent:, Dari:/Dikirim:, من:/أرسل:), a forwarded-message line. Within what is
left, a signature starts at `--`, at a phone's footer ("Sent from my iPhone") or at a sign-off
line ("Regards,", "Terima kasih,", "مع الشكر،"), and the name after a sign-off is kept as the
signer. Marketplaces frame the buyer's words between rules ("--- Message: ---"); when a
message opens that way only the framed words count. When nothing is left above the quote
(a bare forward), the quoted text is the customer's words.

Each pattern looks at one line cut to `_LINE_CHARS`, so the work is linear in the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from search.analysis import normalize_word
from search.suggestions.lexicon import LEXICONS, NOT_KEY_WORDS

_LINE_CHARS = 300  # a quote header or a sign-off is never longer; nothing reads past this
_SIGNATURE_SEARCH_LINES = 6  # sign-offs are looked for among the last lines only
_NAME_MAX_WORDS = 4
_NAME_MAX_CHARS = 40


@dataclass(frozen=True)
class MessageParts:
    latest: str  # the customer's own newest words
    own: str  # everything above the quoted thread, signature and marketplace header included
    quoted: str  # the thread below them (quotes, forwards), for fields only
    signer: str | None  # the name the customer signed with


Phrases = dict[str, tuple[tuple[str, ...], ...]]


def _phrases(*groups: Iterable[str]) -> Phrases:
    """Normalised phrases as word tuples by their first word, longest first (so "thank you"
    wins over "thank"): a line is compared with the few phrases that start like it."""
    phrases = {tuple(normalize_word(w) for w in p.split()) for group in groups for p in group}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(candidates) for first, candidates in by_first.items()}


_SIGN_OFFS = _phrases(*(lexicon.sign_offs for lexicon in LEXICONS.values()))
_FOOTERS = _phrases(*(lexicon.footers for lexicon in LEXICONS.values()))
_FORWARDED = _phrases(*(lexicon.forwarded for lexicon in LEXICONS.values()))
_NAME_PREFIXES = frozenset().union(*(lexicon.name_prefixes for lexicon in LEXICONS.values()))
_NAME_PREFIX_PHRASES = _phrases(_NAME_PREFIXES)
_FIRST_HEADERS = frozenset(("from", "dari", "من"))  # a header block opens with its sender
_HEADER_LABELS = frozenset(
    normalize_word(label) for lexicon in LEXICONS.values() for label in lexicon.header_labels
)
_ATTRIBUTIONS = tuple(lexicon.attribution for lexicon in LEXICONS.values())
_MESSAGE_FRAMES = frozenset(("message", "pesan", "رسالة", "الرسالة"))  # marketplaces' opening rule

_HEADER = re.compile(r"^\s*\*{0,2}([^\W\d_][^\W\d_ ]{0,20}(?: [^\W\d_]{1,20})?)\*{0,2}\s*:")
_RULE = re.compile(r"^\s*[-_=*~]{3,}\s*([^-_=*~]{0,60}?)\s*[-_=*~]*\s*$")
_QUOTE = re.compile(r"^\s*>")
_QUOTE_MARKS = re.compile(r"^(?:\s*>)+ ?")
_SIGNATURE_DASHES = re.compile(r"^--\s?$")
_TRIM = re.compile(r"^[\s\-–—~*_'\"“”‘’]+|[\s,.!;:،؛*_'\"“”‘’]+$")
_WORD_EDGES = re.compile(r"^\W+|\W+$")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*\.?")


def split_message(text: str) -> MessageParts:
    """The customer's words, the quoted thread and the signer's name of a cleaned message."""
    lines = [line[:_LINE_CHARS] for line in text.split("\n")]
    full_lines = text.split("\n")
    start = _framed_start(lines)
    cut = _quote_start(lines, start)
    words, signer = _without_signature(full_lines[start:cut], lines[start:cut])
    latest = "\n".join(words).strip()
    if not _has_letters(latest) and cut < len(lines):
        latest = _unquoted(full_lines[cut:])  # a bare forward: what was forwarded is the message
    return MessageParts(
        latest=latest,
        own="\n".join(full_lines[:cut]),
        quoted="\n".join(full_lines[cut:]),
        signer=signer,
    )


def _framed_start(lines: list[str]) -> int:
    """After a marketplace's "--- Message: ---" rule, if the message has one near its top."""
    for index, line in enumerate(lines[:40]):
        rule = _RULE.match(line)
        if rule is not None and _label(rule.group(1)) in _MESSAGE_FRAMES:
            return index + 1
    return 0


def _quote_start(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            _QUOTE.match(line)
            or _is_attribution(line, following)
            or _is_forward_line(line)
            or _is_header_block(lines, index)
        ):
            return index
        # "---- End message ----", "---- Original Message ----", or a bare rule that Outlook
        # puts above the quoted mail's header block.
        rule = _RULE.match(line)
        if (
            rule is not None
            and _label(rule.group(1)) not in _MESSAGE_FRAMES
            and (rule.group(1).strip() or _is_header_block(lines, index + 1))
        ):
            return index
    return len(lines)


def _label(text: str) -> str:
    return normalize_word(text.strip().rstrip(":").strip())


def _folded_words(line: str) -> list[str]:
    return [w for w in (normalize_word(_WORD_EDGES.sub("", word)) for word in line.split()) if w]


def _starts_with(words: list[str], phrases: Phrases) -> int:
    """How many of `words` the longest phrase they start with takes (0: none)."""
    for phrase in phrases.get(words[0], ()) if words else ():
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _is_attribution(line: str, following: str) -> bool:
    """"On Tue, 18 Nov 2026, Lumen <care@…> wrote:", possibly wrapped onto the next line."""
    words = _folded_words(line)
    if not words:
        return False
    for opener, verb in _ATTRIBUTIONS:
        if words[0] != opener:
            continue
        for candidate in (line, f"{line} {following}"):
            folded = candidate.strip().lower()
            if folded.endswith(":") and verb in folded and any(c.isdigit() for c in folded):
                return True
    return False


def _is_forward_line(line: str) -> bool:
    """A line that is a forward's phrase ("Begin forwarded message:", "Fwd: Order"), not a
    sentence that uses it ("fwd this to your team please")."""
    words = _folded_words(line.strip("-_=*~ \t"))
    taken = _starts_with(words, _FORWARDED)
    return taken > 0 and len(words) <= taken + 1


def _is_header_block(lines: list[str], index: int) -> bool:
    """A "From:" line followed within four lines by another header ("Sent:", "Subject:")."""
    if index >= len(lines):
        return False
    first = _HEADER.match(lines[index])
    if first is None or _label(first.group(1)) not in _FIRST_HEADERS:
        return False
    for line in lines[index + 1 : index + 5]:
        header = _HEADER.match(line)
        if header is not None and _label(header.group(1)) in _HEADER_LABELS:
            return True
    return False


def _without_signature(full: list[str], lines: list[str]) -> tuple[list[str], str | None]:
    """The lines before the signature, and the signer's name when the signature gives one.

    `lines` are `full` cut to `_LINE_CHARS`, for matching.
    """
    for index, line in enumerate(lines):
        dashes = _SIGNATURE_DASHES.match(line) is not None
        if dashes or _starts_with(_folded_words(line), _FOOTERS):
            body, signer = _without_signature(full[:index], lines[:index])
            return body, signer or (_name_after(lines, index + 1) if dashes else None)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for index in filled[-_SIGNATURE_SEARCH_LINES:]:
        if index == filled[0]:
            continue  # "Thanks, got it!" is the whole message, not its signature
        rest = _sign_off_rest(lines[index])
        if rest is None:
            continue
        return full[:index], (_name(rest) if rest else _name_after(lines, index + 1))
    if len(filled) >= 2:
        last = filled[-1]
        # "- jake" and "أخوكم أحمد" sign by their form; a bare last line must look like a
        # name in Latin capitals (a short Arabic last line is as likely a sentence).
        dashed = lines[last].lstrip()[:1] in "-–—~"
        prefixed = _starts_with(_folded_words(lines[last]), _NAME_PREFIX_PHRASES) > 0
        if dashed or prefixed or not lines[last - 1].strip():
            name = _name(lines[last], capitalised=not dashed, any_script=dashed or prefixed)
            if name is not None:
                return full[:last], name
    return full, None


def _sign_off_rest(line: str) -> str | None:
    """What follows a sign-off that starts the line ("Thanks, Sarah" → "Sarah"; "" when
    nothing does), or None when the line is not a sign-off ("Thanks for the reply but…")."""
    words = line.split()
    taken = _starts_with(_folded_words(line), _SIGN_OFFS)
    if not taken:
        return None
    rest = " ".join(words[taken:])
    if not _TRIM.sub("", rest):
        return ""
    return rest if _name(rest) is not None else None


def _name_after(lines: list[str], index: int) -> str | None:
    for line in lines[index : index + 2]:
        if line.strip():
            return _name(line)
    return None


def _name(line: str, *, capitalised: bool = False, any_script: bool = True) -> str | None:
    """A person's name on a line of its own ("Budi S.", "سارة العتيبي", "- Hannah"), or None.

    `capitalised` asks for capitalised Latin words, `any_script=False` for Latin words only:
    a short line that nothing marks as a signature is as likely a sentence.
    """
    words = _TRIM.sub("", line).split()
    while words and normalize_word(words[0]) in _NAME_PREFIXES:
        words = words[1:]
    if not 1 <= len(words) <= _NAME_MAX_WORDS or len(" ".join(words)) > _NAME_MAX_CHARS:
        return None
    if not all(_NAME_WORD.fullmatch(word) for word in words):
        return None
    if all(normalize_word(word.rstrip(".")) in NOT_KEY_WORDS for word in words):
        return None
    if not any_script and not all(word.isascii() for word in words):
        return None
    if capitalised and not all(word[0].isupper() for word in words if word.isascii()):
        return None
    if all(word.islower() for word in words if word.isascii()):
        words = [word.capitalize() if word.isascii() else word for word in words]
    return " ".join(words)


def _has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


def _unquoted(lines: list[str]) -> str:
    """A forwarded or quoted block as plain text: no `>` marks, rules or header lines."""
    kept = []
    for line in lines:
        plain = _QUOTE_MARKS.sub("", line)
        head = plain[:_LINE_CHARS]
        header = _HEADER.match(head)
        if (
            _RULE.match(head)
            or _is_forward_line(head)
            or _is_attribution(head, "")
            or (header is not None and _label(header.group(1)) in _HEADER_LABELS)
        ):
            continue
        kept.append(plain)
    return "\n".join(kept).strip()
