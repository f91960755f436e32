"""Searches run in several threads of one worker at once; stemming must not mix them up."""

from __future__ import annotations

import threading

from search.analysis import _stem_twice, stem_english

WORDS = [f"{stem}{suffix}" for stem in ("refund", "return", "deliver", "escalat", "answer")
         for suffix in ("ing", "ed", "s", "ations", "ers")]


def test_stemming_in_many_threads_gives_the_same_words_as_in_one() -> None:
    expected = {w: (stem_english.__wrapped__(w), _stem_twice("indonesian", "pengembalian" + w))
                for w in WORDS}
    errors: list[BaseException] = []
    mismatches: list[str] = []

    def work() -> None:
        try:
            for _ in range(300):
                for word in WORDS:
                    got = (stem_english.__wrapped__(word),
                           _stem_twice("indonesian", "pengembalian" + word))
                    if got != expected[word]:
                        mismatches.append(word)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and mismatches == []
