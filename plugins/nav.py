"""Where a plugin's pages go in the navigation: an editor writes one entry in `nav` (`- Title: folder/index.md`),
and the plugin puts its pages under it, in the order its data gives."""

from __future__ import annotations


def expand_nav(nav: list | None, index: str, pages: list) -> bool:
    """Replace the nav entry whose value is `index` with `pages`; False if there is no such entry."""
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if value == index:
                    item[title] = pages
                    return True
                if isinstance(value, list) and expand_nav(value, index, pages):
                    return True
    return False
