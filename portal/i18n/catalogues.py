"""The gettext catalogues: `portal/translations/<lang>/LC_MESSAGES/messages.po`, written by
people and kept in the repository, compiled into `messages.mo` beside them when Deskbook is
installed (`make`) or built into a wheel; the compiled files are never committed."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"


def po_files(folder: Path = TRANSLATIONS) -> list[Path]:
    """Every language's catalogue, by language code."""
    return sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalogue(po: Path) -> Catalog:
    with po.open("rb") as source:
        catalogue: Catalog = read_po(source, locale=po.parent.parent.name, domain=DOMAIN)
    return catalogue


def compile_catalogue(po: Path, mo: Path | None = None) -> Path:
    """Write the `.mo` of `po` atomically (fuzzy entries are left out: they are guesses)."""
    target = mo or po.with_suffix(".mo")
    catalogue = read_catalogue(po)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write_mo(out, catalogue, use_fuzzy=False)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of `language`, for text written outside a request (a mail a
    background job sends); English, or a language not compiled, translates nothing. Read once
    per process, as Flask-Babel reads it for requests."""
    return Translations.load(str(TRANSLATIONS), [language], DOMAIN)


def compile_all(folder: Path = TRANSLATIONS) -> list[Path]:
    return [compile_catalogue(po) for po in po_files(folder)]


if __name__ == "__main__":  # `python -m portal.i18n.catalogues [PO…]`: what `make` runs
    import sys

    for written in [compile_catalogue(Path(po)) for po in sys.argv[1:]] or compile_all():
        print(f"compiled {written}")
