"""Run the real tracker app in uvicorn on a free local port, for tests that talk to it over HTTP."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn

from tracker.server import config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(app, port: int | None = None):
    """Serve `app` until the block ends; yields the base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        config(app, app.state.settings, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the tracker did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
