"""From stored rows to what the API and the exports show: an attempt with its validity, and compliance per
unit and module (who in the roster must complete a module, who holds a valid completion, who is missing)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from .db import utc
from .manifest import Manifest
from .schemas import AttemptOut, ComplianceRow, Missing
from .validity import MISSING, VALID, completion_status, local_date

# A completion that ends within this many days is shown to managers as «går ut snart».
EXPIRING_DAYS = 60


def today(timezone: str) -> dt.date:
    return local_date(dt.datetime.now(dt.UTC), timezone)


def local(moment: dt.datetime, timezone: str) -> dt.datetime:
    """A stored moment (UTC, naive from SQLite) as local time with its offset, as the API answers with it."""
    return utc(moment).astimezone(ZoneInfo(timezone))


def attempt_out(row: dict, manifest: Manifest, timezone: str) -> AttemptOut:
    valid_until, status = None, None
    if row["passed"]:
        valid_until, status = completion_status(
            utc(row["finished_at"]), row["module_version"], manifest.module(row["module_id"]), today(timezone), timezone
        )
    return AttemptOut(
        attempt_id=row["attempt_id"],
        module=row["module_id"],
        version=row["module_version"],
        correct=row["correct"],
        total=row["total"],
        score=row["score"],
        passed=row["passed"],
        finished_at=utc(row["finished_at"]),
        valid_until=valid_until,
        status=status,
    )


def concerns(person: dict, roles: Iterable[str]) -> bool:
    """Whether a person in the roster holds one of these role ids: who must take a module (its target roles), and
    who must confirm having read the guideline (its read_confirmation_roles)."""
    return not set(person["roles"].split()).isdisjoint(roles)


def compliance(
    manifest: Manifest,
    people: list[dict],
    latest: dict[tuple[str, str], dict],
    timezone: str,
    units: list[str] | None,
    module_id: str | None,
) -> list[ComplianceRow]:
    """One row per unit and module that someone in the unit must complete."""
    now = today(timezone)
    soon = now + dt.timedelta(days=EXPIRING_DAYS)
    groups: dict[tuple[str, str], list[Missing]] = defaultdict(list)
    for person in people:
        if units is not None and person["unit"] not in units:
            continue
        for module in manifest.modules:
            if (module_id and module.id != module_id) or not concerns(person, module.target_roles):
                continue
            passed = latest.get((person["employee"], module.id))
            valid_until, status = (None, MISSING)
            if passed:
                valid_until, status = completion_status(
                    utc(passed["finished_at"]), passed["module_version"], module, now, timezone
                )
            groups[(person["unit"], module.id)].append(
                Missing(employee=person["employee"], name=person["name"], status=status, valid_until=valid_until)
            )
    titles = {m.id: m.title for m in manifest.modules}
    return [
        ComplianceRow(
            unit=unit,
            module=module,
            module_title=titles[module],
            required=len(entries),
            valid=sum(e.status == VALID for e in entries),
            expiring=[e for e in entries if e.status == VALID and e.valid_until is not None and e.valid_until <= soon],
            missing=[e for e in entries if e.status != VALID],
        )
        for (unit, module), entries in sorted(groups.items())
    ]
