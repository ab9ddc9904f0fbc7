"""The site's one time zone and its one way of writing a date, per written standard."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Oslo"


def today(zone: str) -> dt.date:
    """Today's date in `zone`, whatever zone the machine is set to."""
    return dt.datetime.now(ZoneInfo(zone)).date()


def norwegian_date(value: dt.date | None) -> str:
    """dd.mm.åååå, as both nynorsk and bokmål write a date in running text and tables; "" for no date."""
    return value.strftime("%d.%m.%Y") if value else ""
