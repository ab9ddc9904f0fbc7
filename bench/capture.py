"""MkDocs hook for the benchmarks' baseline: writes the Markdown of every page as our plugins leave it (generated
pages included, references resolved) into the folder in KOORD_CAPTURE, so that plain Material can build exactly the
same Markdown. Lowest priority: after every plugin of ours."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-10_000)
def on_page_markdown(markdown, *, page, config, files):
    target = Path(os.environ["KOORD_CAPTURE"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return markdown
