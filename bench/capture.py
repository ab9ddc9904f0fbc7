"""MkDocs hook for the benchmarks' baseline: writes the Markdown of every page as our plugins leave it (generated
pages included, references resolved) into the folder in KOORD_CAPTURE, so that plain Material can build exactly the
same Markdown. Lowest priority: after every plugin of ours.

Each page keeps its front matter (page.meta: what the file had and what our plugins set), since a page's meta is part
of what Material renders: its menu asks every page with front matter for an icon, a subtitle and a status, some
350,000 lookups that fail at 10x content. Without it the baseline was a lighter site than ours (before 2026-12-07)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-10_000)
def on_page_markdown(markdown, *, page, config, files):
    target = Path(os.environ["KOORD_CAPTURE"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {key: value for key, value in page.meta.items() if _plain(value)}
    # JSON is YAML, so the front matter needs no escaping of its own.
    front = f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n\n" if meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    return markdown


def _plain(value) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
