"""Results kept across the editors' preview's rebuilds (`Memo`) and across builds (`Stored`). The preview loads and
checks the whole site again after every save (the way MkDocs builds); what is made from a file that did not change is
taken from here instead. A build, which loads the site once, only fills the memos. Results are kept under a digest of
the text they were made from, so that the texts are not kept twice; a result keyed by something small (a commit) is
kept with functools.lru_cache."""

from __future__ import annotations

import hashlib
import marshal
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2

V = TypeVar("V")


def digest(text: str | bytes) -> bytes:
    """A key for a file's text (or bytes) that does not keep the text."""
    return hashlib.blake2b(text.encode("utf-8") if isinstance(text, str) else text, digest_size=16).digest()


class Memo(Generic[V]):
    """The results for the last `size` keys; the least recently used go first. Values must not be changed by those
    who get them: the next rebuild gets the same."""

    def __init__(self, size: int) -> None:
        self._kept: OrderedDict[Hashable, V] = OrderedDict()
        self._size = size

    def get(self, key: Hashable, make: Callable[..., V], *args: Any) -> V:
        """What `make(*args)` gave for `key`, or gives now."""
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        value = make(*args)  # an exception is not kept: the next rebuild tries again
        self._kept[key] = value
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return value


class Stored(Generic[V]):
    """Results kept on disk between builds, each of which is a process of its own: in the folder where Jinja keeps the
    compiled templates, which only the user may use, one file per digest. `version` is part of every
    file's name: what made the results, so that other code never reads them. Values are plain data (what marshal
    writes: dicts, lists, text, numbers). A folder or a file that cannot be used only makes the build slower; a
    failure is not kept."""

    def __init__(self, name: str, version: bytes, folder: Path | None = None) -> None:
        # marshal's own format too: a Python that writes another reads none of these files.
        self._prefix = f"{name}-{digest(version + str(marshal.version).encode()).hex()[:12]}-"
        self._given = folder

    @cached_property
    def _folder(self) -> Path | None:
        # Looked for when first needed, not on import: a process that imports the content core need not touch /tmp.
        return self._given if self._given is not None else _user_folder()

    def get(self, key: bytes, make: Callable[..., V], *args: Any) -> V:
        """What `make(*args)` gave for `key` in this build or an earlier one, or gives now."""
        if self._folder is None:
            return make(*args)
        path = self._folder / f"{self._prefix}{key.hex()}"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass  # not there yet, or not readable: made again
        value = make(*args)
        try:
            # Written whole under another name first, so that a build running at the same time never reads half.
            partial = path.with_name(f"{path.name}.{os.getpid()}")
            partial.write_bytes(marshal.dumps(value))  # type: ignore[arg-type]  # plain data, as the class says
            os.replace(partial, path)
        except (OSError, ValueError):
            pass
        return value


def code(*files: str | Path) -> bytes:
    """A `Stored` version: the text of the source files whose code makes the results."""
    return b"".join(Path(file).read_bytes() for file in files)


def _user_folder() -> Path | None:
    """The folder where Jinja keeps the build's compiled templates, `_jinja2-cache-<uid>` in the temporary folder: Jinja
    makes it the user's own and refuses one that someone else owns or may write to. None when there is no safe one."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (RuntimeError, OSError):
        return None
