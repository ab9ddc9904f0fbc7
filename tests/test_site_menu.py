"""The menu's parts kept for many pages (plugins/site/menu.py): the pages are the same as when every page renders its
whole menu, and a kept part is only ever given to pages that get the same links into it."""

from __future__ import annotations

import filecmp
import itertools
from pathlib import Path

import pytest
from jinja2 import pass_context
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import plugins.site.plugin
from plugins.site.menu import _folder, _folders, _links_from
from tests.sitebuild import build_site, copy_project, edit


def _every_page_renders_all(monkeypatch) -> None:
    @pass_context
    def nav_memo(context, render, item, *args):
        return render(item, *args)

    monkeypatch.setattr(plugins.site.plugin, "menu_memo", lambda: nav_memo)


def _same_files(one: Path, other: Path) -> list[str]:
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file())
    _, differ, errors = filecmp.cmpfiles(one, other, names, shallow=False)
    return differ + errors


@pytest.mark.parametrize("directory_urls", [True, False], ids=["folder addresses", "file addresses"])
def test_the_pages_are_the_same_as_with_the_whole_menu_on_every_page(tmp_path, monkeypatch, directory_urls):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    if not directory_urls:
        edit(project, "mkdocs.yml", "site_name:", "use_directory_urls: false\nsite_name:")
    kept = build_site(project, site=tmp_path / "kept")
    assert kept.ok, kept.log
    # Material's own partials/nav-item.html, with every page rendering its whole menu.
    (project / "overrides" / "partials" / "nav-item.html").unlink()
    _every_page_renders_all(monkeypatch)
    whole = build_site(project, site=tmp_path / "whole")
    assert whole.ok, whole.log
    # The menu is there (a chapter's page links to another section's pages), and no file differs by a byte.
    chapter = "retningslinje/oppnemning/index.html" if directory_urls else "retningslinje/oppnemning.html"
    assert "md-nav__item--nested" in (kept.site / chapter).read_text(encoding="utf-8")
    assert _same_files(kept.site, whole.site) == []


_URLS = ["", "index.html", "a/", "a/b/", "a/c/", "a/b/d/", "a/c/d/", "b/", "a/b.html", "a/c.html", "a/b/x.html", "b/a/"]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_given_one_kept_part_get_the_same_links_into_it(size):
    """Every part made of a few of the addresses above, seen from a page at each: where two pages get the same key,
    MkDocs makes the same relative links for them into every page of the part."""
    for targets in itertools.combinations(_URLS, size):
        inside = _folders(_section(targets))
        seen: dict[tuple, list[str]] = {}
        for here in _URLS:
            links = [get_relative_url(target, here) for target in targets]
            seen.setdefault(_links_from(_folder(here), inside), links)
            assert seen[_links_from(_folder(here), inside)] == links, (targets, here)


def _section(urls) -> Section:
    pages = []
    for url in urls:
        file = File("x.md", src_dir=None, dest_dir="/site", use_directory_urls=False)
        file.url = url
        pages.append(Page(None, file, {}))
    return Section("part", pages)
