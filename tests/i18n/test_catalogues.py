"""Compiling the catalogues (what `make` does) writes each .mo atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from portal.i18n.catalogues import compile_catalogue
from tests.hardening.faults_support import small_disk

PO = """msgid ""
msgstr ""
"Language: id\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Sign out"
msgstr "Keluar"

#, fuzzy
msgid "Search"
msgstr "Pencarian?"
"""


def _catalogue(folder: Path) -> Path:
    po = folder / "id" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return po


def test_a_compiled_catalogue_holds_the_translations_but_not_the_guesses(tmp_path: Path) -> None:
    mo = compile_catalogue(_catalogue(tmp_path))
    with mo.open("rb") as compiled:
        catalogue = read_mo(compiled)
    assert catalogue["Sign out"].string == "Keluar"
    assert "Search" not in catalogue


def test_a_full_disk_leaves_the_old_catalogue_and_no_debris(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=1) as disk:
        po = _catalogue(disk.mount)
        mo = compile_catalogue(po)
        before = mo.read_bytes()
        po.write_text(PO.replace("Keluar", "Keluar dari Deskbook " * 2000), encoding="utf-8")
        disk.fill()
        with pytest.raises(OSError):
            compile_catalogue(po)
        assert mo.read_bytes() == before
        assert sorted(path.name for path in po.parent.iterdir()) == ["messages.mo", "messages.po"]
        disk.free_up()
