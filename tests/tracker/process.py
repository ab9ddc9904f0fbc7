"""The tracker as IT runs it: `koord-tracker serve` in its own process, on a free local port, with settings from
KOORD_TRACKER_* variables. For tests that need a real server process to kill, restart or starve."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

TOKEN = "prosess-test-token-som-er-lang-nok-0123456789"  # ≥ 32 characters, as the settings require
SERVE = str(Path(sys.executable).parent / "koord-tracker")
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Tracker:
    """One tracker process. `start()` waits for /api/v1/health; `stop()` ends it politely, `kill()` with SIGKILL.
    Use as a context manager so that the process never outlives the test."""

    def __init__(
        self, folder: Path, manifest: Path, database_url: str | None = None, token: str = TOKEN, **settings: str
    ):
        self.folder = folder
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KOORD_TRACKER_")},
            "KOORD_TRACKER_DATA_DIR": str(folder / "data"),
            "KOORD_TRACKER_MANIFEST": str(manifest),
            "KOORD_TRACKER_SITE_DIR": "",
            "KOORD_TRACKER_ADMIN_TOKEN": token,
            "KOORD_TRACKER_HOST": "127.0.0.1",
            "KOORD_TRACKER_PORT": str(self.port),
            **({"KOORD_TRACKER_DATABASE_URL": database_url} if database_url else {}),
            **{f"KOORD_TRACKER_{k.upper()}": v for k, v in settings.items()},
        }
        self.token = token
        self.process: subprocess.Popen | None = None
        self.log = folder / "tracker.log"
        self.starts = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.folder / "data" / "tracker.sqlite3"

    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def start(self) -> Tracker:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.starts += 1
        with self.log.open("ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [SERVE, "serve"],
                cwd=self.folder,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the tracker exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the tracker did not answer /api/v1/health within {START_TIMEOUT} s:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL, as a power cut would end the process (the machine itself stays up)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            self.process.wait(10)

    def stop(self) -> None:
        if not self.process:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:] if self.log.is_file() else ""

    def __enter__(self) -> Tracker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def raw_exchange(
    port: int, head: bytes, body: bytes | list[bytes] = b"", source: str | None = None, timeout: float = 30.0
) -> tuple[int, dict[str, str], bytes]:
    """Send one request as raw bytes (head up to and including the blank line, then the body or its chunks) and
    read the answer until the server closes or `timeout`. The body is sent from a second thread while this one
    reads, so that an early answer (413) is read before a reset can throw it away. Returns status, headers
    (lower-case names; a repeated header joined with ", "), body."""
    import threading

    chunks = [body] if isinstance(body, bytes) else body
    with socket.create_connection(
        ("127.0.0.1", port), timeout=timeout, source_address=(source, 0) if source else None
    ) as sock:
        sock.sendall(head)

        def send_body() -> None:
            try:
                for chunk in chunks:
                    sock.sendall(chunk)
            except OSError:
                pass  # the server answered early and closed: that answer is what the test reads

        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        received = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                data = sock.recv(65536)
                if not data:
                    break
                received += data
                if _complete(received):
                    break
        except (ConnectionResetError, TimeoutError):
            pass
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sender.join(timeout)
    return parse_response(bytes(received))


def _complete(data: bytes) -> bool:
    """True when `data` holds one whole response with a Content-Length (a chunked or unsized one ends at close)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    for line in data[:end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(data) - end - 4 >= int(value)
    return False


def parse_response(data: bytes) -> tuple[int, dict[str, str], bytes]:
    if not data:
        raise AssertionError("no answer at all: the server closed or reset the connection without a response")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    return status, headers, body


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return bytes(out)


def chunked(body: bytes, size: int = 16384) -> list[bytes]:
    """`body` as HTTP/1.1 chunks, with the closing empty chunk."""
    return [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)] + [
        b"0\r\n\r\n"
    ]
