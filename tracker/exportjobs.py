"""A manager's file, prepared in a process of its own while the tracker goes on answering.

A million-row export is ten seconds of Python. In a thread of the tracker it would hold the interpreter's lock
from the request handlers for much of that time, on a server with two cores; in its own process, scheduled as
Linux's SCHED_IDLE, it takes only the CPU they leave. The process writes straight into the anonymous temporary
file the tracker then sends (so a slow client holds a file, never a database connection), and says on its standard
output how many rows it has written, which the managers' page shows.

One job per file asked for. At most `export_slots` are prepared at once; more wait their turn. A finished file
waits `KEEP` for its manager to fetch it, and is then dropped; a manager has at most `PER_MANAGER` jobs at once,
so that files nobody fetches cannot fill the disk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import IO, Literal

import anyio
from anyio.abc import TaskGroup
from anyio.streams.buffered import BufferedByteReceiveStream

log = logging.getLogger("tracker.exports")
Report = Literal["completions", "missing", "items", "feedback", "read-confirmations"]
State = Literal["waiting", "preparing", "ready", "failed"]
KEEP = 600  # seconds a finished file waits for its manager
PER_MANAGER = 4
PROTOCOL = b"koord-export "  # the start of the lines the process reports on; anything else it prints is logged
REPORT_EVERY = 20_000  # rows


@dataclass
class Job:
    id: str
    who: str
    report: Report
    fmt: str
    request: dict  # what the process needs: settings, manifest, filters
    state: State = "waiting"
    rows: int = 0
    filename: str = ""
    failure: str = ""
    refused: bool = False  # the failure is the request's (a file too large for its format), not the tracker's
    file: IO[bytes] | None = None
    finished: anyio.Event = field(default_factory=anyio.Event)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class Jobs:
    """The jobs of one tracker process, kept in memory: a file asked for is a minute's business, and a restart
    loses nothing but a file nobody has fetched yet."""

    def __init__(self, tasks: TaskGroup, slots: int):
        self.tasks = tasks
        self.slots = anyio.Semaphore(slots)
        self.jobs: dict[str, Job] = {}

    def start(self, who: str, report: Report, fmt: str, request: dict) -> Job | None:
        """A new job, begun in the background; None when this manager has too many already."""
        if self.full(who):
            return None
        job = Job(secrets.token_urlsafe(16), who, report, fmt, request)
        self.jobs[job.id] = job
        self.tasks.start_soon(self._run, job)
        return job

    def get(self, job_id: str, who: str) -> Job | None:
        """A manager sees only their own jobs."""
        job = self.jobs.get(job_id)
        return job if job is not None and job.who == who else None

    def drop(self, job: Job) -> None:
        self.jobs.pop(job.id, None)
        job.close()

    async def _run(self, job: Job) -> None:
        try:
            try:
                async with self.slots:
                    job.state = "preparing"
                    job.file = tempfile.TemporaryFile()  # anonymous: gone when closed, even after a crash
                    await _prepare(job)
                job.state = "ready"
            except Exception as exc:  # the process failed; the manager is told, IT finds the reason in the log
                if not job.refused:
                    log.error("export %s for %s failed: %s", job.report, job.who, exc)
                    job.failure = "Fila kunne ikkje lagast. Prøv igjen om litt, eller spør IT."
                job.state = "failed"
                job.close()
            finally:
                job.finished.set()
            await anyio.sleep(KEEP)
        finally:  # fetched, forgotten, or the tracker is stopping
            if self.jobs.get(job.id) is job:
                self.drop(job)

    def full(self, who: str) -> bool:
        return sum(job.who == who for job in self.jobs.values()) >= PER_MANAGER


async def _prepare(job: Job) -> None:
    assert job.file is not None, "a job is prepared into the file it was started with"
    file = job.file
    command = [sys.executable, "-m", "tracker.exportjobs"]
    started = time.monotonic()
    async with await anyio.open_process(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, pass_fds=(file.fileno(),)
    ) as process:
        assert process.stdin is not None and process.stdout is not None, "both opened as pipes just above"
        try:
            await process.stdin.send(
                json.dumps({**job.request, "fd": file.fileno(), "report": job.report, "format": job.fmt}).encode()
            )
            await process.stdin.aclose()
            lines = BufferedByteReceiveStream(process.stdout)
            other: list[bytes] = []
            while True:
                try:
                    line = await lines.receive_until(b"\n", 1 << 16)
                except (anyio.EndOfStream, anyio.IncompleteRead):
                    break
                if line.startswith(PROTOCOL):
                    what, _, value = line[len(PROTOCOL) :].decode().partition(" ")
                    if what == "rows":
                        job.rows = int(value)
                    elif what == "name":
                        job.filename = value
                    elif what == "refused":
                        job.refused, job.failure = True, value
                else:
                    other.append(line)
            status = await process.wait()
        finally:
            if process.returncode is None:  # cancelled: the tracker is stopping
                process.kill()
                with anyio.CancelScope(shield=True):
                    await process.wait()
    if other:
        log.warning("export process said: %s", b"\n".join(other[-20:]).decode(errors="replace"))
    if status:
        raise RuntimeError(f"the export process exited with {status}")
    file.seek(0)
    log.info("export %s (%s, %d rows) prepared in %.1f s", job.report, job.fmt, job.rows, time.monotonic() - started)


def request(settings, manifest, units: list[str] | None, export) -> dict:
    """What the process needs to make the same table as the tracker would: its settings (without the admin
    token), the manifest it loaded, the units the manager may see and what was asked for (an ExportRequest)."""
    return {
        "settings": settings.model_dump(mode="json", exclude={"admin_token"}),
        "manifest": manifest.model_dump(mode="json"),
        "units": units,
        "export": {
            **dataclasses.asdict(export),
            "start": export.start and export.start.isoformat(),
            "end": export.end and export.end.isoformat(),
        },
    }


def main() -> None:
    """The process: read the job from standard input, write the file to the descriptor it names, report rows."""
    _yield_to_the_tracker()
    job = json.load(sys.stdin)
    from . import exports
    from .db import make_engine
    from .manifest import Manifest
    from .settings import Settings
    from .xlsxout import TooManyRows

    settings = Settings(**job["settings"])
    manifest = Manifest.model_validate(job["manifest"])
    engine = make_engine(settings.url, settings.busy_seconds)
    report = sys.stdout.buffer

    def say(what: str, value) -> None:
        report.write(PROTOCOL + f"{what} {value}\n".encode())
        report.flush()

    try:
        asked = job["export"]
        day = lambda text: text and dt.date.fromisoformat(text)  # noqa: E731
        export = exports.ExportRequest(**{**asked, "start": day(asked["start"]), "end": day(asked["end"])})
        table = exports.table(settings, engine, manifest, job["units"], export)
        say("name", table.name + exports.suffix(job["format"]))
        with open(job["fd"], "wb", closefd=False) as out:
            count = exports.write(
                exports.Table(table.name, table.header, table.kinds, _counted(table.rows, say)), job["format"], out
            )
        say("rows", count)
    except TooManyRows as exc:
        say("refused", exc)
        sys.exit(3)
    finally:
        engine.dispose()


def _yield_to_the_tracker() -> None:
    """Run only on CPU time the tracker's requests leave: SCHED_IDLE on Linux, else the lowest priority."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)


def _counted(rows, say):
    """The rows, with a report every REPORT_EVERY of them."""
    rows, count = iter(rows), 0
    while batch := list(itertools.islice(rows, REPORT_EVERY)):
        yield from batch
        count += len(batch)
        say("rows", count)


if __name__ == "__main__":
    main()
