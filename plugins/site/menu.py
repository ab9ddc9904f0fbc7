"""The site menu's parts rendered once for many pages.

Material renders the whole menu on every page, so the menu's share of a build grows with the square of the pages: a
quarter of the build at 10x content, most of it at 50x. A part of the menu that holds neither the page being rendered
nor a section above it reads the same on every page but for its links, which are relative to the page. Two pages in
the same folder get the same links into a part that holds neither of their own folders. So such a part is rendered
once per folder and kept for the rest of the build: `partials/nav.html` and `partials/nav-item.html` (overrides/)
call `nav_memo(render, item, …)` where Material calls `render(item, …)`. The built pages are the same byte for byte;
tests/test_site_menu.py builds the real site both ways and compares them.

What the part shows that is not in the key (titles, the page's metadata, the theme's features) does not change
during a build. A preview build is a build of its own, with a new memo."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import urlsplit

from jinja2 import pass_context
from jinja2.runtime import Context
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

_UNKNOWN = None  # a part whose links may depend on the page in ways the key does not follow: never kept


def menu_memo() -> Callable:
    """A new `nav_memo` for one build's templates."""
    made: dict[tuple, str] = {}
    folders: dict[int, frozenset[tuple[str, ...]] | None] = {}
    # The page being rendered and its folder: a section that holds the page calls this for each of its items.
    last: list = [None, ()]

    @pass_context
    def nav_memo(context: Context, render: Callable, item, *args):
        page = context.get("page")
        parent = args[2] if len(args) > 2 else None
        if page is None or item.active or not _outermost(parent):
            return render(item, *args)
        if id(item) not in folders:
            folders[id(item)] = _folders(item)
        inside = folders[id(item)]
        if inside is _UNKNOWN:
            return render(item, *args)
        if last[0] is not page:
            last[:] = page, _folder(page.url)
        key = (id(item), *args[:2], _links_from(last[1], inside))
        if key not in made:
            made[key] = render(item, *args)
        return made[key]

    return nav_memo


def _outermost(parent) -> bool:
    """Kept only at the top or under a section that holds the page: a part inside a kept part is kept with it."""
    return parent is None or bool(getattr(parent, "active", False))


def _links_from(folder: tuple[str, ...], inside: frozenset[tuple[str, ...]]) -> tuple:
    """What a part's links depend on, seen from a page in `folder`. A link is the target's path after the part it
    shares with the folder, below as many «..» as the folder has parts beyond that. Unless a target is in the folder
    itself, it shares at most the folder's parent, so every folder of the same parent gets the same links."""
    if folder in inside:
        return ("own", folder)
    return (folder[:-1], len(folder))


def _folders(item) -> frozenset[tuple[str, ...]] | None:
    """Every folder the part's pages are in, or under, as MkDocs splits them when it makes a link relative."""
    if isinstance(item, Page) and not hasattr(item, "pages"):
        parts = _parts(item.url)
        return frozenset(parts[:end] for end in range(1, len(parts) + 1))
    if isinstance(item, Link):
        url = urlsplit(item.url)
        # Only links MkDocs leaves as they are; another link is relative to the page in a way not followed here.
        return frozenset() if url.scheme or url.netloc or item.url.startswith(("/", "#")) else _UNKNOWN
    if type(item) is Section:
        found: set[tuple[str, ...]] = set()
        for child in item.children:
            inside = _folders(child)
            if inside is _UNKNOWN:
                return _UNKNOWN
            found |= inside
        return frozenset(found)
    return _UNKNOWN  # a theme's or plugin's own kind of menu item (Material's blog views list pages of their own)


def _folder(url: str) -> tuple[str, ...]:
    """The folder a page's links are relative to (mkdocs.utils.get_relative_url): its address, less a file name."""
    folder, _, name = url.rpartition("/")
    return _parts(folder if "." in name else url)


def _parts(path: str) -> tuple[str, ...]:
    """A path's parts as mkdocs.utils._norm_parts makes them."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return tuple(path.split("/")) if path else ()
