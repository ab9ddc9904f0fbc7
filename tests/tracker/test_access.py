"""Each row of «Kven får kva, frå kvar» on the IT page, held by a test against the real tracker (`koord-tracker
serve` in its own process) over HTTP from two loopback addresses: 127.0.0.1 (this machine, where nginx and IT's
own commands connect from) and 127.0.0.3 (someone else on the network). The table and the tests must name the same
rows, so that a sentence added to the page without a test, or a test without its sentence, fails."""

from __future__ import annotations

import re
import uuid

import httpx2 as httpx
import pytest

from tests.conftest import ROOT
from tests.tracker.conftest import attempt
from tests.tracker.process import Tracker
from tests.tracker.test_reports import ROSTER

PAGE = ROOT / "docs" / "it" / "index.md"
HERE, ELSEWHERE = "127.0.0.1", "127.0.0.3"


def table_rows() -> list[tuple[str, str]]:
    """(who, from which address) for every row of the table under «Kven får kva, frå kvar»."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("### Kven får kva, frå kvar", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    return [tuple(cell.strip() for cell in row.strip("|").split("|")[:2]) for row in rows]


def client(address: str) -> httpx.Client:
    return httpx.Client(timeout=15, transport=httpx.HTTPTransport(local_address=address))


def bearer(tracker: Tracker, token: str | None = None) -> dict:
    return {"Authorization": f"Bearer {token or tracker.token}"}


def read_confirmation(**changes) -> dict:
    return {"confirmation_id": str(uuid.uuid4()), "version": "2.1", "confirmed_at": attempt()["finished_at"]} | changes


def feedback_message() -> dict:
    return {
        "feedback_id": str(uuid.uuid4()),
        "page": "retningslinje/",
        "text": "Uklart.",
        "sent_at": attempt()["finished_at"],
    }


def body_without_learner() -> dict:
    return {k: v for k, v in attempt().items() if k != "learner"}


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, manifest_file):
    """The tracker as the shipped unit runs it: proxy mode, the proxy and the admin token only from 127.0.0.1."""
    with Tracker(tmp_path_factory.mktemp("proxy"), manifest_file, identity="proxy") as tracker:
        with client(HERE) as here:
            here.put(
                f"{tracker.base}/api/v1/roster", content=ROSTER.encode(), headers=bearer(tracker)
            ).raise_for_status()
        yield tracker


@pytest.fixture(scope="module")
def form(tmp_path_factory, manifest_file):
    with Tracker(tmp_path_factory.mktemp("form"), manifest_file) as tracker:
        yield tracker


def logged_in_user_through_the_proxy(proxy, form):
    with client(HERE) as here:
        learner = {"X-Remote-User": "10001"}
        body = body_without_learner()
        assert here.post(f"{proxy.base}/api/v1/attempts", json=body, headers=learner).status_code == 201
        assert body["attempt_id"] in {
            a["attempt_id"] for a in here.get(f"{proxy.base}/api/v1/me", headers=learner).json()["attempts"]
        }
        # Nobody else's: the same id looked up as someone else finds nothing.
        assert here.post(
            f"{proxy.base}/api/v1/attempts/lookup",
            json={"attempt_ids": [body["attempt_id"]]},
            headers={"X-Remote-User": "10002"},
        ).json() == {"attempts": []}
        leader = {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar"}
        assert {r["unit"] for r in here.get(f"{proxy.base}/api/v1/reports/compliance", headers=leader).json()} == {
            "Medisinsk avdeling"
        }
        no_units = here.get(
            f"{proxy.base}/api/v1/reports/compliance",
            headers={"X-Remote-User": "10001", "X-Remote-Groups": "koordinator-leiar"},
        )
        assert no_units.status_code == 403 and "har ingen einingar under leiar_for" in no_units.json()["detail"]
        # The item statistics: the editors' group only; a learner and a manager outside it get 403.
        stats = f"{proxy.base}/api/v1/stats/items?module=test-modul"
        assert here.get(stats, headers=learner).status_code == 403
        assert here.get(stats, headers=leader).status_code == 403
        editor = here.get(stats, headers={"X-Remote-User": "10002", "X-Remote-Groups": "koordinator-redaktor"})
        assert editor.status_code == 200 and editor.json()["module"] == "test-modul"
        # Their own read confirmation, and messages to the editors, which only the editors' group reads.
        confirmed = here.post(f"{proxy.base}/api/v1/read-confirmations", json=read_confirmation(), headers=learner)
        assert confirmed.status_code == 201 and confirmed.json()["employee"] == "10001"
        assert (
            here.get(f"{proxy.base}/api/v1/me", headers=learner).json()["read_confirmation"]["confirmed"]["version"]
            == "2.1"
        )
        assert here.post(f"{proxy.base}/api/v1/feedback", json=feedback_message(), headers=learner).status_code == 201
        messages = f"{proxy.base}/api/v1/feedback"
        assert here.get(messages, headers=learner).status_code == 403
        assert here.get(messages, headers=leader).status_code == 403
        assert (
            here.get(messages, headers={"X-Remote-User": "10002", "X-Remote-Groups": "koordinator-redaktor"}).json()[0][
                "sender"
            ]
            == "10001"
        )


def identity_headers_from_elsewhere(proxy, form):
    before = _completions(proxy)
    with client(ELSEWHERE) as elsewhere:
        headers = {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar", "X-Forwarded-For": HERE}
        for response in (
            elsewhere.get(f"{proxy.base}/api/v1/me", headers=headers),
            elsewhere.post(f"{proxy.base}/api/v1/attempts", json=body_without_learner(), headers=headers),
            elsewhere.get(f"{proxy.base}/api/v1/reports/compliance", headers=headers),
            elsewhere.get(
                f"{proxy.base}/api/v1/stats/items?module=test-modul",
                headers={**headers, "X-Remote-Groups": "koordinator-redaktor"},
            ),
        ):
            assert response.status_code == 403, response.text
            assert "Leiar Lund" not in response.text
    assert _completions(proxy) == before, "nothing was recorded"


def admin_token_from_a_listed_address(proxy, form):
    with client(HERE) as here:
        scope = here.get(f"{proxy.base}/api/v1/reports/scope", headers=bearer(proxy)).json()
        assert scope["admin"] is True and scope["units"] == ["Kirurgisk avdeling", "Medisinsk avdeling"]
        assert here.get(f"{proxy.base}/api/v1/reports/unlisted", headers=bearer(proxy)).status_code == 200
        assert here.get(f"{proxy.base}/api/v1/stats/items?module=test-modul", headers=bearer(proxy)).status_code == 200
        assert here.get(f"{proxy.base}/api/v1/feedback", headers=bearer(proxy)).status_code == 200
        assert (
            here.put(f"{proxy.base}/api/v1/roster", content=ROSTER.encode(), headers=bearer(proxy)).json()["imported"]
            == 5
        )


def admin_token_from_elsewhere(proxy, form):
    with client(ELSEWHERE) as elsewhere:
        answers = []
        for token in (proxy.token, "feil-token-som-er-lang-nok-0123456789abcdef"):
            for method, path in (
                ("GET", "reports/scope"),
                ("GET", "reports/unlisted"),
                ("GET", "reports/completions.csv"),
                ("PUT", "roster"),
                ("GET", "stats/items?module=test-modul"),
            ):
                response = elsewhere.request(
                    method,
                    f"{proxy.base}/api/v1/{path}",
                    headers=bearer(proxy, token),
                    content=b"tilsettnummer;namn;eining;roller\n",
                )
                assert response.status_code == 403, (path, response.text)
                answers.append(response.json()["detail"])
        # The same answer whether the token is right or not: from here, nothing can be learnt about it.
        assert len(set(answers)) == 1
        assert answers[0].startswith(
            "Tilgangsnøkkelen (admin-token) blir berre godteken frå adressene IT har sett opp i KOORD_TRACKER_ADMIN_ADDRESSES"
        )
        assert ELSEWHERE in answers[0]
    with client(HERE) as here:
        assert len(here.get(f"{proxy.base}/api/v1/reports/scope", headers=bearer(proxy)).json()["units"]) == 2, (
            "the roster is unchanged"
        )


def anyone_in_form_mode(proxy, form):
    with client(ELSEWHERE) as elsewhere:
        body = attempt(learner={"employee": "99999", "name": "Kven Som Helst", "unit": "Ei eining"})
        assert elsewhere.post(f"{form.base}/api/v1/attempts", json=body).status_code == 201
        found = elsewhere.post(
            f"{form.base}/api/v1/attempts/lookup", json={"attempt_ids": [body["attempt_id"], str(uuid.uuid4())]}
        ).json()
        assert [a["attempt_id"] for a in found["attempts"]] == [body["attempt_id"]]
        confirmation = read_confirmation(learner={"employee": "99999", "name": "Kven Som Helst", "unit": "Ei eining"})
        assert elsewhere.post(f"{form.base}/api/v1/read-confirmations", json=confirmation).status_code == 201
        assert (
            len(
                elsewhere.post(
                    f"{form.base}/api/v1/read-confirmations/lookup",
                    json={"confirmation_ids": [confirmation["confirmation_id"]]},
                ).json()
            )
            == 1
        )
        assert elsewhere.post(f"{form.base}/api/v1/feedback", json=feedback_message()).status_code == 201
        for path in (
            "reports/scope",
            "reports/compliance",
            "reports/completions.csv",
            "stats/items?module=test-modul",
            "stats/items.csv?module=test-modul",
            "feedback",
            "feedback.csv",
            "reports/read-confirmations",
        ):
            assert elsewhere.get(f"{form.base}/api/v1/{path}").status_code == 401, path


def anyone_health_and_units(proxy, form):
    with client(ELSEWHERE) as elsewhere:
        for tracker in (proxy, form):
            assert elsewhere.get(f"{tracker.base}/api/v1/health").json()["status"] == "ok"
        assert elsewhere.get(f"{proxy.base}/api/v1/units").json() == {
            "units": ["Kirurgisk avdeling", "Medisinsk avdeling"]
        }


def _completions(tracker: Tracker) -> bytes:
    with client(HERE) as here:
        return here.get(f"{tracker.base}/api/v1/reports/completions.csv", headers=bearer(tracker)).content


ROWS = {
    (
        "Ein innlogga brukar i `proxy`-modus",
        "Ei adresse i `KOORD_TRACKER_PROXY_ADDRESSES` (nginx)",
    ): logged_in_user_through_the_proxy,
    ("Ein førespurnad med identitetshovud i `proxy`-modus", "Ei anna adresse"): identity_headers_from_elsewhere,
    (
        "Den som har admin-tokenet",
        "Ei adresse i `KOORD_TRACKER_ADMIN_ADDRESSES` (standard: berre tenaren sjølv)",
    ): admin_token_from_a_listed_address,
    ("Den som har admin-tokenet", "Ei anna adresse"): admin_token_from_elsewhere,
    ("Alle i `form`-modus", "Kva adresse som helst som når porten"): anyone_in_form_mode,
    ("Alle", "Kva adresse som helst som når porten"): anyone_health_and_units,
}


def test_every_row_of_the_table_has_its_test():
    assert table_rows() == list(ROWS)


@pytest.mark.parametrize(
    "row", list(ROWS), ids=[re.sub(r"\W+", "-", f"{who} {where}").strip("-")[:60] for who, where in ROWS]
)
def test_what_each_caller_gets_from_each_address(row, proxy, form):
    ROWS[row](proxy, form)


def test_the_default_admin_addresses_are_this_machine_only():
    from tracker.settings import Settings

    assert Settings().admin_addresses == ["127.0.0.1/32", "::1/128"]
    assert '`KOORD_TRACKER_ADMIN_ADDRESSES` | `["127.0.0.1/32", "::1/128"]`' in PAGE.read_text(encoding="utf-8")
