"""How uvicorn runs the tracker, in one place for `koord-tracker serve` and the tests that start a real server."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

import uvicorn

from .settings import Settings

log = logging.getLogger("tracker")


def config(app, settings: Settings, **overrides) -> uvicorn.Config:
    """- proxy_headers off: the proxy is recognised by the address that connects. With uvicorn's default, the
      address would be taken from X-Forwarded-For (which Debian's proxy_params sets), so the tracker would check
      the learner's PC instead of the proxy, and a client could claim to be the proxy.
    - No access log: its URLs could carry personal data; exports are logged on their own (who, when, filter).
    - No Server header: the tracker does not announce itself."""
    options: dict[str, Any] = dict(
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        server_header=False,
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Config(app, **(options | overrides))


def warn_if_exposed(settings: Settings) -> None:
    """Form mode trusts what learners type: fine on 127.0.0.1 for a trial, not on an address others can reach."""
    try:
        loopback = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        loopback = settings.host == "localhost"
    if settings.identity == "form" and not loopback:
        log.warning(
            "KOORD_TRACKER_IDENTITY=form på %s: alle som når denne adressa, kan registrere resultat i kven som helst sitt namn. "
            "Bak innlogginga på intranettet skal det vere KOORD_TRACKER_IDENTITY=proxy.",
            settings.host,
        )
