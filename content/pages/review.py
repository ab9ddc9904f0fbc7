"""Who answers for a page and when it must be looked at again: front matter on pages that must be kept current."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from content.yamlfile import ContentModel, Text


class PageReview(ContentModel):
    """Ansvar og revisjonsdato for ei side (front matter): kven som svarar for innhaldet, og når det skal gåast gjennom."""

    # The page's front matter has other fields too (lang, title); only these two are this model's.
    model_config = ConfigDict(extra="ignore", frozen=True)

    owner: Text = Field(
        description="Kven som svarar for innhaldet på sida (ei rolle eller eining, ikkje eit personnamn)"
    )
    review_by: dt.date = Field(description="Når sida seinast skal gåast gjennom på nytt (ÅÅÅÅ-MM-DD)")
