"""Per-page owner and review date on pages that must be kept current (the patient pages): each page in the configured
folders names who answers for it and when it is reviewed next, in its front matter; the page shows both at its end,
and, in the reader's browser, a notice when the date has passed (a static page cannot know when it is read)."""

from __future__ import annotations

import html

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from plugins import report
from content.yamlfile import ContentError, ContentErrors, split_front_matter, validate
from plugins.paths import docs_folder
from plugins.time_zone import site_time_zone
from content.pages.review import PageReview

# The page's words in its written standard.
WORDS = {
    "nn": ("Ansvarleg for innhaldet", "Neste gjennomgang", "Sida skulle vore gjennomgått innan {date}. Noko kan vere utdatert."),
    "nb": ("Ansvarlig for innholdet", "Neste gjennomgang", "Siden skulle vært gjennomgått innen {date}. Noe kan være utdatert."),
}


MISSING = "sida manglar ansvar og revisjonsdato: start fila med\n---\nowner: Koordinerande eining (KE)\nreview_by: ÅÅÅÅ-MM-DD\n---"


class ReviewConfig(Config):
    # Folders (under docs/, "" for all) whose pages must carry `owner` and `review_by` in their front matter.
    folders = opt.Type(list, default=[])


class ReviewPlugin(BasePlugin[ReviewConfig]):
    def __init__(self) -> None:
        self.reviews: dict[str, PageReview] = {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        docs = docs_folder(config)
        errors, self.reviews = [], {}
        for file in files.documentation_pages():
            if file.generated_by is not None or not any(file.src_uri.startswith(f) for f in self.config.folders):
                continue
            name = f"{docs}/{file.src_uri}"
            if not file.content_string.startswith("---"):
                errors.append(ContentError(name, 1, MISSING))
                continue
            try:
                front, _, _ = split_front_matter(file.content_string, name)
                self.reviews[file.src_uri] = validate(PageReview, front)
            except ContentErrors as exc:
                errors += exc.errors
        report.record(config, "sidene", errors)
        report.stop_if_any(config)
        return files

    def on_page_content(self, content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        review = self.reviews.get(page.file.src_uri)
        if review is None:
            return None
        owner_label, review_label, notice = WORDS.get(page.meta.get("lang", config.theme["language"]), WORDS["nn"])
        date = review.review_by.strftime("%d.%m.%Y")
        banner = (
            f'<div class="admonition warning side-revisjon" role="note" data-review-by="{review.review_by.isoformat()}" '
            f'data-time-zone="{html.escape(site_time_zone(config))}" hidden><p>{notice.format(date=date)}</p></div>'
        )
        footer = (
            f'<dl class="side-ansvar"><div><dt>{owner_label}</dt><dd>{html.escape(review.owner)}</dd></div>'
            f"<div><dt>{review_label}</dt><dd>{date}</dd></div></dl>"
        )
        head, found, rest = content.partition("</h1>")
        return f"{head}{found}{banner}{rest}{footer}" if found else banner + content + footer

