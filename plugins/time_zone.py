"""The site's one time zone, in which «today» is taken for every date: koord/quiz's `time_zone` option, or Oslo's
on a site without training (the public patient pages)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from mkdocs.config.defaults import MkDocsConfig

DEFAULT = "Europe/Oslo"


def site_time_zone(config: MkDocsConfig) -> str:
    quiz = config.plugins.get("koord/quiz")
    return quiz.config.time_zone if quiz is not None else DEFAULT


def today(zone: str) -> dt.date:
    """Today's date in `zone`, whatever zone the machine is set to."""
    return dt.datetime.now(ZoneInfo(zone)).date()
