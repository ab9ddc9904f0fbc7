"""Which published pages a change to the content feeds: what the editors' preview must build again after a save,
worked out from the site before and after it. Anything it cannot judge (the theme, mkdocs.yml, a title in the
menu, a section's number or title, which every reference shows) means every page."""

from __future__ import annotations

import re
from pathlib import Path

from content.addresses import GUIDELINE_PAGES, ROLE_PAGES, TRAINING_PAGES
from content.guideline.changes import changed_ids
from content.site import Site

_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$", re.M)


def page_title(site: Site, src_uri: str) -> str | None:
    """A hand-written page's title as the menu shows it: its front matter's title, else its first # heading."""
    page = site.pages.get(src_uri)
    if page is None:
        return None
    if page.front is not None and isinstance(page.front.data, dict) and page.front.data.get("title"):
        return str(page.front.data["title"])
    found = _HEADING.search(page.text)
    return found.group(1) if found else None


def pages_fed_by(
    before: Site | None, after: Site, changed: set[Path], readability_report: str | None
) -> set[str] | None:
    """The pages (paths in the docs folder) to build again after the files `changed` were saved; None for all."""
    if before is None or before.errors or after.errors:
        return None
    settings = after.settings
    root, docs = settings.root.resolve(), settings.docs_dir.resolve()
    sources = {part: (root / folder).resolve() for part, folder in settings.sources.items() if folder}
    if _menu(before) != _menu(after) or _sections(before) != _sections(after):
        return None  # a title in the menu, or a number or title every reference to the section shows
    addresses = after.addresses
    pages: set[str] = {readability_report} if readability_report else set()
    for path in (p.resolve() for p in changed):
        if path.is_relative_to(docs):
            src_uri = path.relative_to(docs).as_posix()
            counterpart = after.pages[src_uri].counterpart if src_uri in after.pages else None
            # The other standard's page shows the title of this one; the open points page lists its boxes.
            pages |= {src_uri, *([counterpart] if counterpart else []), addresses.guideline_page("lokale-val")}
        elif "guideline" in sources and path.is_relative_to(sources["guideline"]):
            pages |= _guideline(before, after, path.relative_to(root).as_posix())
        elif "modules" in sources and path.is_relative_to(sources["modules"]):
            # A module's page, the overview and «Mine kurs» show it; «Kva er endra» lists its questions.
            pages |= {addresses.training_page(m.module.id) for m in after.modules}
            pages |= {addresses.training_page(name) for name in TRAINING_PAGES}
            pages.add(addresses.guideline_page("kva-er-endra"))
        elif "roles" in sources and path.is_relative_to(sources["roles"]) and after.roles:
            pages |= {addresses.role_page(r.role.id) for r in after.roles.roles}
            pages |= {addresses.role_page(name) for name in ("index", "kven-gjer-kva")}
        elif "checklist" in sources and path == sources["checklist"]:
            pages.add(addresses.checklist)
        else:
            return None  # the theme, mkdocs.yml, the approval archive, anything else
    return pages


def gathering_pages(site: Site) -> set[str]:
    """The pages that gather from many files (the guideline's front page, print view, open points, changes and change
    log, the training overview and «Mine kurs», the roles' overview and matrix). After a save the preview builds them
    later than the pages the saved file is about, which the editor is looking at (when asked for, or once saves
    pause): the print view alone holds every chapter, most of a rebuild at 10x content. (The readability report is made in every build: koord/readability
    fills it in on_env.)"""
    addresses = site.addresses
    return {
        *(addresses.guideline_page(name) for name in GUIDELINE_PAGES),
        *(addresses.training_page(name) for name in TRAINING_PAGES),
        *(addresses.role_page(name) for name in ROLE_PAGES),
    }


def _guideline(before: Site, after: Site, file: str) -> set[str]:
    """A chapter's text: its page, and the guideline's pages that gather from every chapter (the print view, the
    open points, what changed). Every guideline page when what their information box shows changed (the metadata,
    how many sections changed since the approved version), and the modules' pages when the notice of changed
    sections they cite is another."""
    addresses = after.addresses
    pages = {addresses.guideline_page(name) for name in GUIDELINE_PAGES}
    chapters = after.guideline.chapters if after.guideline else []
    pages |= {addresses.guideline_page(c.id) for c in chapters if c.heading.file == file}
    meta_before = before.guideline.metadata if before.guideline else None
    meta_after = after.guideline.metadata if after.guideline else None
    if (
        meta_before != meta_after
        or len(before.changes) != len(after.changes)
        or file not in {c.heading.file for c in chapters}
    ):
        pages |= {addresses.guideline_page(c.id) for c in chapters}
    if changed_ids(before.changes) != changed_ids(after.changes):
        pages |= {addresses.training_page(m.module.id) for m in after.modules}
    return pages


def _menu(site: Site) -> tuple:
    """Everything the menu shows on every page: chapter, module, role and page titles, in order."""
    guideline = tuple((c.id, c.heading.title) for c in site.guideline.chapters) if site.guideline else ()
    modules = tuple((m.module.id, m.module.title) for m in site.modules)
    roles = tuple((r.role.id, r.role.name) for r in site.roles.roles) if site.roles else ()
    pages = tuple((src_uri, page_title(site, src_uri)) for src_uri in sorted(site.pages))
    checklist = site.checklist.title if site.checklist else None
    return guideline, modules, roles, pages, checklist


def _sections(site: Site) -> tuple:
    """Every section's id, number and title: what a reference, a module's feedback and the matrix show."""
    if site.guideline is None:
        return ()
    return tuple((s.id, s.label, s.title) for c in site.guideline.chapters for s in c.sections)
