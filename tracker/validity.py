"""When a completion stops being valid: its module's validity period after the local completion date, or at
once when the module gets a new major version. The browser's rules.js applies the same rules."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from .manifest import ModuleKey

VALID, EXPIRED, MISSING = "gyldig", "utgått", "manglar"


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; a day the month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: dt.datetime, timezone: str) -> dt.date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def completion_status(
    finished_at: dt.datetime, version: str, module: ModuleKey | None, today: dt.date, timezone: str
) -> tuple[dt.date | None, str]:
    """(valid until, gyldig or utgått) for a passed attempt. A module gone from the manifest has expired."""
    return completion_status_for_day(local_date(finished_at, timezone), version, module, today)


def completion_status_for_day(
    day: dt.date, version: str, module: ModuleKey | None, today: dt.date
) -> tuple[dt.date | None, str]:
    """The same, from the local day the attempt was finished."""
    if module is None:
        return None, EXPIRED
    valid_until = add_months(day, module.validity_months)
    expired = valid_until < today or int(version.split(".")[0]) < module.major
    return valid_until, EXPIRED if expired else VALID
