"""Two builds of a site compared as a reader sees them: the same pages, and each page's main content the same."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

# Asset names carry a hash of their content (Material's bundles): the same file under another build's hash is the same.
_HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)")


def pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def main_content(path: Path) -> str:
    """The page's article (the content, not the menus around it), whitespace normalised."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup.body or soup
    return " ".join(_HASHED.sub(r".min.\1", str(article)).split())


def differences(old: Path, new: Path) -> list[str]:
    """What differs between two built sites: pages only in one, and pages whose main content differs."""
    before, after = pages(old), pages(new)
    found = [f"only in {old}: {name}" for name in sorted(before - after)]
    found += [f"only in {new}: {name}" for name in sorted(after - before)]
    found += [
        f"main content differs: {name}"
        for name in sorted(before & after)
        if main_content(old / name) != main_content(new / name)
    ]
    return found
