"""Limits on what Legekart is willing to read, checked before the reading starts.

Planners open whatever they are sent, and a file can be broken or hostile: a named
pipe that never ends, a path longer than the system allows, a 7 MB workbook that
unpacks to 3 GB, JSON nested 100 000 levels deep, an encrypted zip member. Each is
refused here with a reason in both languages, before it can cost minutes or
gigabytes, so the table reader, the boundary loader and the project loader all
refuse the same things the same way. Lives in ``geo`` (the lowest layer) so that
all three can use it without an upward import.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

#: Linux PATH_MAX and NAME_MAX: longer paths cannot be opened at all
MAX_PATH = 4096
MAX_NAME = 255
#: zip members (XLSX, ODS, projects): declared uncompressed size per member and in total
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
#: members that are parsed whole into memory (XLSX shared strings, small XML parts)
MAX_WHOLE_MEMBER_BYTES = 128 * 1024 * 1024
#: deflate packs real spreadsheets, CSV and GeoJSON 3–15 : 1; bombs reach 1 000 : 1
MAX_RATIO = 100
RATIO_FROM_BYTES = 8 * 1024 * 1024
#: how far into an XML member a document type declaration (DTD) is looked for
PROLOG_BYTES = 64 * 1024

MESSAGES: dict[str, tuple[str, str]] = {
    "path_long": (
        "the path is too long ({n} characters; at most {limit}): {path}",
        "Filbanen er for lang ({n} tegn; høyst {limit}): {path}",
    ),
    "name_long": (
        "a file or folder name is too long ({n} bytes; at most {limit}): {path}",
        "Et fil- eller mappenavn er for langt ({n} byte; høyst {limit}): {path}",
    ),
    "not_regular": (
        "{path} is {kind}, not a regular file; only regular files are read",
        "{path} er {kind_nb}, ikke en vanlig fil. Bare vanlige filer kan leses.",
    ),
    "member_large": (
        "the part {member} would unpack to {size} (at most {limit} is read)",
        "Delen {member} ville pakkes ut til {size} (høyst {limit} leses).",
    ),
    "total_large": (
        "the archive would unpack to {size} (at most {limit} is read)",
        "Arkivet ville pakkes ut til {size} (høyst {limit} leses).",
    ),
    "ratio": (
        "the part {member} is compressed {ratio}:1, far more than real files are (a zip bomb?)",
        "Delen {member} er komprimert {ratio}:1, langt mer enn vanlige filer (en zip-bombe?).",
    ),
    "encrypted": (
        "the part {member} is encrypted (password-protected); save the file without a password",
        "Delen {member} er kryptert (passordbeskyttet). Lagre filen uten passord.",
    ),
    "dtd": (
        "the part {member} declares a document type or entities (DTD), which spreadsheets never do",
        "Delen {member} inneholder en dokumenttypedeklarasjon (DTD), noe regneark aldri har.",
    ),
    "json_depth": (
        "{what} is nested deeper than {limit} levels",
        "{what_nb} er nøstet dypere enn {limit} nivåer.",
    ),
    "json_bad": ("{what} is not valid JSON: {error}", "{what_nb} er ikke gyldig JSON: {error}"),
}

_KINDS = {
    stat.S_IFIFO: ("a named pipe (FIFO)", "et navngitt rør (FIFO)"),
    stat.S_IFCHR: ("a device", "en enhet"),
    stat.S_IFBLK: ("a device", "en enhet"),
    stat.S_IFSOCK: ("a socket", "en socket"),
    stat.S_IFDIR: ("a folder", "en mappe"),
}


class LimitError(Exception):
    """Input refused by a limit; ``text(lang)`` is the sentence, ``key``/``params`` for callers."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        en, nb = MESSAGES[self.key]
        return (nb if lang == "nb" else en).format(**self.params)

    message = text


def short_path(path: str | Path, limit: int = 100) -> str:
    """A path fit for a one-line message: the start and the end of a very long one."""
    s = str(path)
    return s if len(s) <= limit else f"{s[:limit // 2]}…{s[-(limit // 2 - 1):]}"


def size_text(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def check_path(path: str | Path) -> None:
    """Refuse a path the system cannot open (too long), before any call that would raise."""
    s = os.fsencode(str(path))
    if len(s) >= MAX_PATH:
        raise LimitError("path_long", n=len(str(path)), limit=MAX_PATH - 1, path=short_path(path))
    longest = max((len(part) for part in s.split(b"/")), default=0)
    if longest > MAX_NAME:
        raise LimitError("name_long", n=longest, limit=MAX_NAME, path=short_path(path))


def check_regular_file(path: str | Path) -> None:
    """Only regular files are read: a pipe or device would block or never end.

    A missing file is left to the caller (each says "not found" its own way).
    """
    check_path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: the caller's open() says why
    if not stat.S_ISREG(mode):
        en, nb = _KINDS.get(stat.S_IFMT(mode), ("not a regular file", "ikke en vanlig fil"))
        raise LimitError("not_regular", path=short_path(path), kind=en, kind_nb=nb)


def check_zip(z: zipfile.ZipFile, whole: tuple[str, ...] = (), total: int = MAX_TOTAL_BYTES,
              member_limit: int = MAX_MEMBER_BYTES) -> None:
    """Sizes, compression ratio and encryption of every member, from the central directory.

    ``zipfile`` never returns more than a member's declared size (it stops and fails
    the CRC check), so checking the declared sizes bounds what reading can cost.
    ``whole`` names members that are parsed whole in memory (a lower limit).
    """
    sum_size = 0
    for info in z.infolist():
        if info.flag_bits & 0x1:
            raise LimitError("encrypted", member=short_path(info.filename, 60))
        limit = MAX_WHOLE_MEMBER_BYTES if info.filename in whole else member_limit
        if info.file_size > limit:
            raise LimitError("member_large", member=short_path(info.filename, 60), size=size_text(info.file_size),
                             limit=size_text(limit))
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise LimitError("ratio", member=short_path(info.filename, 60),
                             ratio=info.file_size // max(1, info.compress_size))
        sum_size += info.file_size
        if sum_size > total:
            raise LimitError("total_large", size=size_text(sum(i.file_size for i in z.infolist())),
                             limit=size_text(total))


def check_xml_prolog(z: zipfile.ZipFile, name: str) -> None:
    """Refuse a DTD (entity expansion, external entities) before any XML parser sees it.

    Office documents never declare one; it can only appear before the root element.
    """
    with z.open(name) as f:
        head = f.read(PROLOG_BYTES)
    start = _root_start(head)
    prolog = head if start < 0 else head[:start]
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise LimitError("dtd", member=short_path(name, 60))


def _root_start(head: bytes) -> int:
    """Offset of the root element's '<' (after the XML declaration and comments), or -1."""
    i = 0
    while True:
        i = head.find(b"<", i)
        if i < 0 or i + 1 >= len(head):
            return -1
        nxt = head[i + 1:i + 2]
        if nxt == b"?":
            j = head.find(b"?>", i)
        elif head.startswith(b"<!--", i):
            j = head.find(b"-->", i)
        elif nxt == b"!":
            j = head.find(b">", i)
        else:
            return i
        if j < 0:
            return -1
        i = j + 1


def load_json(data: bytes | str, what: str = "the file", what_nb: str = "Filen", allow_constants: bool = False):
    """``json.loads`` that refuses deep nesting (and, unless allowed, NaN/Infinity) with a sentence.

    The C parser counts nesting against the interpreter's recursion limit, so a
    100 000-deep document fails fast; it is reported, never a raw RecursionError.
    ``NaN``/``Infinity`` are not JSON and would carry infinite coordinates into a map.
    """
    def bad_constant(name: str):
        raise ValueError(f"{name} is not a number")

    try:
        if allow_constants:
            return json.loads(data)
        return json.loads(data, parse_constant=bad_constant)
    except RecursionError:
        raise LimitError("json_depth", what=what, what_nb=what_nb, limit=_depth_limit()) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise LimitError("json_bad", what=what, what_nb=what_nb, error=str(exc)[:120]) from None


def _depth_limit() -> int:
    import sys

    return sys.getrecursionlimit()
