"""Where every page the build makes is published: the one table of generated pages' names, and links and URLs
between pages. Navigation, the files MkDocs builds, links in Markdown and HTML and the approver's tool all read it,
so that a page's name is spelled once."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from content.guideline.model import Section

# The pages the guideline becomes besides its chapters, in menu order, with their menu titles. A chapter may not
# take one of these names as its id.
GUIDELINE_PAGES = {
    "index": None,  # the guideline's own front page: the menu entry an editor writes in nav
    "endringslogg": "Endringslogg",
    "utskrift": "Utskriftsversjon",
    "lokale-val": "Lokale val",
    "kva-er-endra": "Kva er endra",
}
TRAINING_PAGES = {"index": None, "mine-kurs": "Mine kurs"}
ROLE_PAGES = {"index": None, "kven-gjer-kva": "Kven gjer kva"}
ANSWER_KEY = "fasit"  # a module's approvers' page, <module>/fasit, where the browser scores


@dataclass(frozen=True)
class Addresses:
    """The folders (under the site's root) the generated parts are published in, and the checklist's page."""

    guideline: str = "retningslinje"
    training: str = "opplaering"
    roles: str = "roller"
    checklist: str = "treng-pasienten-koordinator.md"
    directory_urls: bool = True

    def guideline_page(self, name: str) -> str:
        """A guideline page («utskrift», a chapter id …) as a path in the docs folder."""
        return f"{self.guideline}/{name}.md"

    def training_page(self, name: str) -> str:
        return f"{self.training}/{name}.md"

    def role_page(self, name: str) -> str:
        return f"{self.roles}/{name}.md"

    def section_link(self, section: Section, from_src_uri: str) -> str:
        """A Markdown link from a page's source to a guideline section (a chapter's own heading: its page)."""
        return link(self.guideline_page(section.chapter_id), from_src_uri, None if section.level == 1 else section.id)

    def section_url(self, section: Section, from_url: str) -> str:
        """A URL from the page published at `from_url` to a guideline section, for HTML the plugins write."""
        target = relative_url(self.url(self.guideline_page(section.chapter_id)), from_url)
        return target if section.level == 1 else f"{target}#{section.id}"

    def url(self, src_uri: str) -> str:
        """The URL (relative to the site's root) MkDocs publishes a page at, as its `File.url` would give it."""
        path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        folder, name = posixpath.split(path)
        if name in ("index", "README"):
            if not self.directory_urls:
                return posixpath.join(folder, "index.html")
            return f"{folder}/" if folder else "./"
        return f"{path}/" if self.directory_urls else f"{path}.html"


def link(target_src_uri: str, from_src_uri: str, anchor: str | None = None) -> str:
    """A relative Markdown link from one page's source to another's, as MkDocs resolves links between .md files."""
    path = posixpath.relpath(target_src_uri, posixpath.dirname(from_src_uri) or ".")
    return f"{path}#{anchor}" if anchor else path


def relative_url(target_url: str, from_url: str) -> str:
    """`target_url` relative to the page published at `from_url` (both relative to the site's root), exactly as
    MkDocs' get_relative_url gives it: a last part of `from_url` with a dot in it is a file, not a folder."""
    folder, _, last = from_url.rpartition("/")
    if "." in last:
        from_url = folder
    base, dest = _parts(from_url), _parts(target_url)
    common = 0
    for a, b in zip(base, dest, strict=False):  # the common start of two paths of any lengths
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(base) - common) + dest[common:]) or "."
    return relative + "/" if target_url.endswith("/") else relative


def _parts(url: str) -> list[str]:
    """A URL's path parts, normalised: «..» goes up, never above the root."""
    parts: list[str] = []
    for part in url.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts
