"""koord/review: on each page that names its owner and review date (the patient pages, koord/site `reviewed`), shows
both at its end and, in the reader's browser, a notice when the date has passed (a static page cannot know when it
is read)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from content.dates import norwegian_date
from plugins.config import Enabled
from plugins.site import fragment, site_of, under_title

NAME = "koord/review"
# The page's words in its written standard.
WORDS = {
    "nn": ("Ansvarleg for innhaldet", "Neste gjennomgang", "Sida skulle vore gjennomgått innan {date}. Noko kan vere utdatert."),
    "nb": ("Ansvarlig for innholdet", "Neste gjennomgang", "Siden skulle vært gjennomgått innen {date}. Noe kan være utdatert."),
}


class ReviewPlugin(BasePlugin[Enabled]):
    def on_page_content(self, content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        own = site.pages.get(page.file.src_uri)
        if not self.config.enabled or own is None or own.review is None:
            return None
        review = own.review
        owner_label, review_label, notice = WORDS.get(own.language, WORDS["nn"])
        date = norwegian_date(review.review_by)
        render = fragment(config)
        under_title(config, page.file.src_uri, "review", render(
            "sider/revisjon", review_by_iso=review.review_by.isoformat(), time_zone=site.time_zone, notice=notice.format(date=date)))
        return content + render("sider/ansvar", owner_label=owner_label, owner=review.owner, review_label=review_label, review_by=date)
