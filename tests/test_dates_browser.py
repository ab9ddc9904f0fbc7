"""One local date everywhere: the browser shows the date of a completion and its last valid day in the site's time
zone (Europe/Oslo), exactly as the tracker computes them, whatever zone the learner's PC is set to. One table of
cases (midnight, month ends, a leap day, both DST changes) runs through the tracker's Python and through rules.js
in Chromium under other time zones; the clock is frozen, so the tests give the same answer at any hour."""

import datetime as dt

import pytest

from tests.conftest import guarded_page
from tests.keyboard import open_page, register
from tests.test_quiz_browser import MODULE, page_key, take
from tracker.validity import add_months, local_date

SITE_ZONE = "Europe/Oslo"
PC_ZONES = ["America/Los_Angeles", "Pacific/Kiritimati"]  # UTC−8/−7 and UTC+14: both sides of Oslo's date line

# (instant finished, validity in months)
CASES = [
    ("2026-01-31T23:30:00Z", 24),  # 00:30 on 1 February in Oslo, 31 January in UTC
    ("2026-06-30T21:59:59Z", 1),  # 23:59:59 on 30 June in Oslo (summer time): still June
    ("2026-06-30T22:00:00Z", 1),  # 00:00 on 1 July in Oslo
    ("2026-03-28T23:30:00Z", 12),  # 00:30 on 29 March, the night summer time starts
    ("2026-10-24T22:30:00Z", 12),  # 00:30 on 25 October, the night summer time ends
    ("2028-02-28T23:30:00Z", 12),  # 00:30 on the leap day 29 February 2028; a year later is 28 February
    ("2026-08-30T22:30:00Z", 1),  # 00:30 on 31 August; a month later is 30 September
]


def tracker_dates(instant: str, months: int) -> tuple[str, str]:
    day = local_date(dt.datetime.fromisoformat(instant.replace("Z", "+00:00")), SITE_ZONE)
    return day.isoformat(), add_months(day, months).isoformat()


@pytest.fixture(params=PC_ZONES)
def page_elsewhere(request, browser, server):
    with guarded_page(browser, server, timezone_id=request.param) as page:
        yield page


def test_browser_and_tracker_agree_on_every_date_case(page_elsewhere):
    open_page(page_elsewhere, "/opplaering/")
    found = page_elsewhere.evaluate(
        """async ([cases, zone]) => {
            const r = await import('./../assets/javascripts/quiz/rules.js');
            return cases.map(([instant, months]) => {
                const module = {id: 'm', version: '1.0', validityMonths: months};
                const attempt = {module: 'm', version: '1.0', passed: true, finishedAt: instant};
                return [r.localDate(instant, zone), r.status(module, [attempt], '2026-01-01', zone).validUntil];
            });
        }""",
        [CASES, SITE_ZONE],
    )
    assert [tuple(pair) for pair in found] == [tracker_dates(instant, months) for instant, months in CASES]


def test_the_last_valid_day_is_valid_and_the_next_is_not(page_elsewhere):
    open_page(page_elsewhere, "/opplaering/")
    states = page_elsewhere.evaluate(
        """async (zone) => {
            const r = await import('./../assets/javascripts/quiz/rules.js');
            const module = {id: 'm', version: '1.0', validityMonths: 24};
            const attempt = [{module: 'm', version: '1.0', passed: true, finishedAt: '2026-01-31T23:30:00Z'}];
            return ['2028-02-01', '2028-02-02'].map((today) => r.status(module, attempt, today, zone).state);
        }""",
        SITE_ZONE,
    )
    assert states == ["valid", "expired"]


def test_a_module_finished_at_half_past_midnight_in_oslo_shows_the_trackers_dates(browser, static_server):
    """The learner's PC is in Los Angeles (still 30 January there); the clock is frozen at 00:30 on 1 February, Oslo.
    A site with no tracker, so that the browser's own record is what «Mine kurs» shows."""
    finished = "2026-01-31T23:30:00Z"
    day, until = (dt.date.fromisoformat(d) for d in tracker_dates(finished, 24))
    with guarded_page(browser, static_server, timezone_id="America/Los_Angeles") as page:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(finished.replace("Z", "+00:00")))
        open_page(page, f"/opplaering/{MODULE}/")
        register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
        take(page, right=True, key=page_key(page))
        page.goto(f"{page.base}/opplaering/mine-kurs/")
        page.wait_for_selector("[data-ready]", state="attached")
        status = page.locator(f'[data-module="{MODULE}"] [data-status]')
        assert status.text_content().startswith(f"Bestått {day:%d.%m.%Y}, gyldig til {until:%d.%m.%Y}")
        assert (day, until) == (dt.date(2026, 2, 1), dt.date(2028, 2, 1))
