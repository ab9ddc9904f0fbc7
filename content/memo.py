"""Results kept across the editors' preview's rebuilds. The preview loads and checks the whole site again after every
save (the way MkDocs builds); what is made from a file that did not change is taken from here instead. A build, which
loads the site once, only fills them. Results are kept under a digest of the text they were made from, so that the
texts are not kept twice; a result keyed by something small (a commit) is kept with functools.lru_cache."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

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
