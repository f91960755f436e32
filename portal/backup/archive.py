"""The backup file: a gzipped tar of a few known files and their SHA-256 checksums.

Written atomically and 0600 (it holds password hashes): a backup is either whole or absent,
and only its owner reads it. Read back by checking every member against `SHA256SUMS` while
copying it into a private folder: nothing else is looked at until the whole archive has
proved intact.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import tarfile
import zlib
from pathlib import Path
from typing import IO

from content.fs import atomic_output
from portal.backup.errors import BackupError

CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
DOCS_BUNDLE = "docs.bundle"
DATABASE_DIR = "database"
ONBOARDING_DIR = "onboarding"
INSTANCE_DIR = "instance"
# Every name an archive may hold; anything else (links, devices, "../x") is refused.
_MEMBER = re.compile(
    rf"^(?:{CHECKSUMS}|{MANIFEST}|{DOCS_BUNDLE}"
    rf"|(?:{DATABASE_DIR}|{ONBOARDING_DIR}|{INSTANCE_DIR})/[A-Za-z0-9_][A-Za-z0-9_.-]*)$"
)
_CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(folder: Path, destination: Path, mtime: float) -> None:
    """Pack every file under `folder` plus a `SHA256SUMS` of them into `destination`."""
    members = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    sums = "".join(f"{sha256_of(folder / name)}  {name}\n" for name in members)
    (folder / CHECKSUMS).write_text(sums, encoding="utf-8")
    with (
        atomic_output(destination, mode=0o600) as stream,
        tarfile.open(fileobj=stream, mode="w:gz", compresslevel=6) as tar,
    ):
        for name in [*members, CHECKSUMS]:
            _add(tar, folder / name, name, mtime)


def _add(tar: tarfile.TarFile, path: Path, name: str, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    info.mtime = int(mtime)
    with path.open("rb") as stream:
        tar.addfile(info, stream)


def unpack_verified(archive: Path, folder: Path) -> list[str]:
    """Copy the archive's members into `folder` (empty, private) and check them against its
    `SHA256SUMS` (the last member: an archive cut short has none); the member names, or
    BackupError saying what is wrong."""
    digests = _unpack(archive, folder)
    if CHECKSUMS not in digests:
        raise _refusal(archive, f"has no {CHECKSUMS}: it was cut short or damaged, or it is "
                                "not a Deskbook backup")
    expected = _parse_checksums((folder / CHECKSUMS).read_text(encoding="utf-8"), archive)
    del digests[CHECKSUMS]
    missing = sorted(set(expected) - set(digests))
    if missing:
        raise _refusal(archive, f"is incomplete: {', '.join(missing)} missing")
    unlisted = sorted(set(digests) - set(expected))
    if unlisted:
        raise _refusal(archive, f"holds files its checksums do not list: {', '.join(unlisted)}")
    damaged = sorted(name for name, digest in digests.items() if expected[name] != digest)
    if damaged:
        raise _refusal(archive, f"is damaged: the checksum of {', '.join(damaged)} does not "
                                "match")
    return sorted(digests)


def _refusal(archive: Path, problem: str) -> BackupError:
    return BackupError(f"{archive} {problem}; nothing was restored")


def _unpack(archive: Path, folder: Path) -> dict[str, str]:
    digests: dict[str, str] = {}
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                name = member.name
                if not member.isfile() or not _MEMBER.match(name) or name in digests:
                    raise _refusal(archive, f"holds an unexpected entry {name!r}: it is not a "
                                            "Deskbook backup")
                source = tar.extractfile(member)
                assert source is not None  # a regular file
                digests[name] = _copy(source, folder / name)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _refusal(archive, f"is damaged or cut short ({error})") from error
    return digests


def _copy(source: IO[bytes], target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("xb") as stream:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            stream.write(chunk)
    return digest.hexdigest()


def _parse_checksums(text: str, archive: Path) -> dict[str, str]:
    expected: dict[str, str] = {}
    for line in text.splitlines():
        digest, separator, name = line.partition("  ")
        if not separator or not re.fullmatch(r"[0-9a-f]{64}", digest) or not _MEMBER.match(name):
            raise _refusal(archive, f"has an unreadable {CHECKSUMS} line: {line[:80]!r}")
        expected[name] = digest
    return expected
