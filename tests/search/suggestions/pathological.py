"""Messages at the length limit built to make each regular expression of the message analysis
backtrack, if it could: one long token, runs of separators, a quote header on every line.

`python -m tests.search.suggestions.pathological INDEX DOCS` runs suggest() on each and prints one JSON
line per message; tests/search/suggestions/test_bounds.py runs it in a child process that must finish,
benchmarks/run_suggest.py times the same messages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from search.suggestions import MAX_MESSAGE_CHARS, MessageRejected, suggest
from search.suggestions.placeholders import fill_placeholders


def _fill(pattern: str) -> str:
    return (pattern * (MAX_MESSAGE_CHARS // len(pattern) + 1))[:MAX_MESSAGE_CHARS]


# name → message; every regex in search/suggestions and content/order_numbers meets at least one.
PATHOLOGICAL: dict[str, str] = {
    "one long word": _fill("a"),
    "one long number": _fill("1"),
    "number with dots": _fill("1."),
    "number with commas and dots": _fill("1,2."),
    "numbers with spaces": _fill("1 "),
    "digits, dashes and slashes": _fill("12-3/4."),
    "phone-like runs": _fill("+0 (1) 2-"),
    "at signs": _fill("a@"),
    "almost emails": _fill("a.a@a.a"),
    "dots in a domain": _fill("x@" + "a." * 40),
    "one long rule": _fill("-"),
    "rules on every line": _fill("-----\n"),
    "labelled rules": _fill("--- Message: ---\n--- End message ---\n"),
    "signature dashes": _fill("--\n"),
    "quote marks": _fill("> "),
    "quote marks on lines": _fill(">\n"),
    "attribution words": _fill("On 1 wrote "),
    "attribution lines": _fill("On Tue, 18 Nov 2026 at 09:41, A <a@b.example> wrote:\n"),
    "arabic attribution lines": _fill("في الثلاثاء ١٨ نوفمبر كتب:\n"),
    "header lines": _fill("From: x\nSent: y\n"),
    "colons": _fill("a:"),
    "sign-offs": _fill("Thanks,\n"),
    "sign-off words": _fill("thanks regards "),
    "names": _fill("Hannah Olivia Bennett Kowalski\n"),
    "apostrophes and dots": _fill("a'b.c-"),
    "month names": _fill("12 Nov "),
    "month words": _fill("november desember "),
    "currency words": _fill("Rp"),
    "currency and digits": _fill("Rp1"),
    "multipliers": _fill("1 rb "),
    "order cue": _fill("order #"),
    "order cue and digits": _fill("order no 1234 "),
    "declared prefix": _fill("LUM-"),
    "declared prefix with digits": _fill("LUM-12345"),
    "noon-like": _fill("NAEH1234567"),
    "arabic letters": _fill("ب"),
    "arabic with eastern digits": _fill("رقم الطلب ١٢٣ "),
    "marks and tatweel": _fill("ـــًٌٍ"),
    "a long link": "http://" + _fill("a")[7:],
    "underscores": _fill("_"),
    "placeholder braces": _fill("{a"),
    "mixed scripts": _fill("kak طلب order "),
    "newlines only around a word": "x" + "\n" * (MAX_MESSAGE_CHARS - 1),
}


def main(index: Path, docs: Path) -> None:
    for name, text in PATHOLOGICAL.items():
        try:
            answer = suggest(index, docs, text)
        except MessageRejected as error:
            print(json.dumps({"name": name, "rejected": str(error)}))
            continue
        for reply in answer.replies:
            fill_placeholders(reply.text + text, {})  # the reply pattern on hostile text too
        fields = answer.to_json()["fields"]
        print(json.dumps({"name": name, "lang": answer.lang, "fields": fields}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
