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


class ReviewPlugin(BasePlugin[Enabled]):
    def on_page_content(self, content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site = site_of(config, NAME)
        own = site.pages.get(page.file.src_uri)
        if not self.config.enabled or own is None or own.review is None:
            return None
        review = own.review
        # In the page's own written standard (content/interface.yml): the lines belong to the page they close.
        date = norwegian_date(review.review_by)
        owner_label, review_label, notice = (
            site.own_words.word(f"review.{key}", own.language, date=date) for key in ("owner", "next", "passed")
        )
        render = fragment(config)
        under_title(
            config,
            page.file.src_uri,
            "review",
            render(
                "sider/revisjon", review_by_iso=review.review_by.isoformat(), time_zone=site.time_zone, notice=notice
            ),
        )
        return content + render(
            "sider/ansvar", owner_label=owner_label, owner=review.owner, review_label=review_label, review_by=date
        )
