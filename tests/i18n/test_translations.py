"""Every word the portal shows is translated: no template holds text nobody marked for
translation, nor does the portal's Python hand people English it did not mark (an error's
message, a notice, a JSON error), and every marked string has its Arabic and Indonesian in the
catalogues."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from flask import Flask

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from portal.i18n.catalogues import po_files, read_catalogue
from tests.i18n.unmarked import error_classes, portal_sources, unmarked
from tests.i18n.untranslated import untranslated

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "portal" / "templates"
TRANSLATED = sorted(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)


def _environment() -> Flask:
    app = Flask(__name__)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    return app


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_shows_text_nobody_marked_for_translation(template: Path) -> None:
    environment = _environment().jinja_env
    found = untranslated(template.read_text(encoding="utf-8"), environment)
    assert not found, "\n".join(str(piece) for piece in found)


def test_the_check_finds_text_left_in_a_template() -> None:
    environment = _environment().jinja_env
    source = (
        '<h1>{{ _("Review queue") }}</h1>\n<p title="Open it">Nothing waits here.</p>\n'
        '<code>deskbook init</code> <span translate="no">Deskbook</span>\n'
        '{{ "Done" if finished else _("To do") }} <input type="submit" value="Save">\n'
        '<a href="{{ url_for(\'home.index\') }}" class="button primary">{{ count }}</a>'
    )
    assert [piece.text for piece in untranslated(source, environment)] == [
        "Open it", "Nothing waits here.", "Save", "Done",
    ]


PYTHON = portal_sources(ROOT)
ERRORS = error_classes(PYTHON.values())


@pytest.mark.parametrize("module", sorted(PYTHON))
def test_no_python_hands_people_english_nobody_marked(module: str) -> None:
    found = unmarked(PYTHON[module], module, ERRORS)
    assert not found, "\n".join(str(piece) for piece in found)


def test_the_check_finds_english_left_in_python() -> None:
    source = (
        "class Refused(InvalidInput):\n    pass\n"
        "def f(x):\n"
        "    raise Refused(f'{x} is not a date')\n"
        "    raise Conflict(N_('%(x)s is taken'), x=x)\n"
        "    raise InvalidInput(str(error)) from error\n"
        "    busy = lambda: Conflict('another lead is on it')\n"
        "    flash('Saved.')\n"
        "    abort(400, description='no such page')\n"
        "    render(notice=gettext('Saved.'), problem='Nothing was saved: ' + why)\n"
        "    jsonify({'state': 'draft', 'label': 'a draft'})\n"
        "    errors['reason'] = 'Say why.'\n"
        "    raise GitError('not a commit id')\n"
        "    raise ContentError(page, 0, 'there is no synonyms file yet')\n"
    )
    errors = error_classes(["class InvalidInput(PortalError): ...", source]) | {"Conflict"}
    assert [piece.text for piece in unmarked(source, "x.py", errors)] == [
        " is not a date", "another lead is on it", "Saved.", "no such page",
        "Nothing was saved: ", "a draft", "Say why.", "not a commit id",
        "there is no synonyms file yet",
    ]


def _extracted(tmp_path: Path) -> Catalog:
    """What `make messages` gathers from the portal's code and templates right now."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
         str(ROOT / "babel.cfg"), "-k", "lazy_gettext", "-k", "N_", "--no-wrap",
         "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as source:
        catalogue: Catalog = read_po(source)
    return catalogue


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return _extracted(tmp_path_factory.mktemp("pot"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(extracted: Catalog, language: str) -> None:
    po = next(p for p in po_files() if p.parent.parent.name == language)
    catalogue = read_catalogue(po)
    missing = []
    for message in extracted:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        strings = found.string if found is not None else None
        forms = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(forms):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{len(missing)} untranslated in {language} (make messages): {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    po = next(p for p in po_files() if p.parent.parent.name == language)
    wrong = [message.id for message in read_catalogue(po)
             if message.id and message.string and message.check()]
    assert not wrong, wrong
