"""Questions that cite a guideline section whose text changed since their module's version was set.

The commit that last touched a module's `version:` line is when an editor last vouched for its questions. The cited
sections' text at that commit is compared with their text now; a difference means the question must be looked at
again, and then the version raised (a new major version makes learners retake the module). Without that history
(no git, a file or version line not committed yet) there is nothing to compare with and nothing is reported: an
uncommitted version line is a version set just now. A shallow clone cannot tell either, and says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from content.errors import ContentErrors
from content.guideline.changes import section_texts
from content.guideline.loader import parse_chapter
from content.guideline.model import Chapter, Guideline, Section
from content.memo import Memo, digest
from content.training.model import Case, Module


@dataclass(frozen=True)
class VersionSet:
    commit: str
    date: dt.date  # the commit's date in the site's time zone, for the editor's orientation only


@dataclass(frozen=True)
class ChangedCitation:
    question_id: str
    path: tuple  # of the reference in the module file, for its line
    section: Section  # as it is now


def head(root: Path) -> tuple[str, bool] | None:
    """The commit checked out and whether the clone is shallow (CI's default), which attributes all older lines to
    its first commit and so cannot say when; None without git history."""
    answer = (_git(root, "rev-parse", "--is-shallow-repository", "HEAD") or "").split()
    return (answer[1], answer[0] == "true") if len(answer) == 2 else None


def version_set(root: Path, file: str, line: int, time_zone: str, checked_out: str) -> VersionSet | None:
    """The commit that last changed line `line` of `file` (relative to `root`), or None without such a commit.
    `checked_out` is the commit checked out (`head`): the same file there has the same answer, so it is kept for
    the process (content.memo: the editors' preview asks again on every save)."""
    key = (root, file, line, time_zone, checked_out, digest((root / file).read_bytes()))
    return _VERSION_SETS.get(key, _version_set, root, file, line, time_zone, checked_out)


# One per module file (about 200 at 50x content), under a digest of the file rather than the file itself.
_VERSION_SETS: Memo[VersionSet | None] = Memo(4096)


def _version_set(root: Path, file: str, line: int, time_zone: str, checked_out: str) -> VersionSet | None:
    # --root: a repository's first commit is a real commit, not the edge of what blame was asked to look at.
    blame = _git(root, "blame", "--root", "--porcelain", "-L", f"{line},{line}", "--", file)
    if not blame:
        return None
    lines = blame.splitlines()
    commit = lines[0].split()[0]
    if set(commit) == {"0"}:  # the line is not committed yet
        return None
    when = next((int(entry.split()[1]) for entry in lines if entry.startswith("committer-time ")), 0)
    return VersionSet(commit, dt.datetime.fromtimestamp(when, ZoneInfo(time_zone)).date())


@functools.lru_cache(maxsize=16)
def texts_at(root: Path, commit: str, source_dir: str) -> dict[str, str]:
    """Each section's text by id in the guideline as it was at `commit`. A commit's content never changes, so the
    result is kept for the process (the editors' preview rebuilds many times)."""
    listing = _git(root, "ls-tree", "--name-only", commit, "--", f"{source_dir}/")
    if listing is None:
        return {}
    names = [n for n in listing.splitlines() if n.endswith(".md")]
    chapters: list[Chapter] = []
    # One `git cat-file --batch` for every chapter: a process per file was most of what this check cost.
    for name, text in zip(names, _blobs(root, [f"{commit}:{name}" for name in names]), strict=True):
        if text is None:
            continue
        try:
            chapters.append(parse_chapter(text, name, len(chapters) + 1))
        except ContentErrors:
            continue  # a chapter that had mistakes then: its sections count as unknown, not as changed
    return section_texts(chapters)


def changed_citations(module: Module, then: dict[str, str], now: Guideline) -> list[ChangedCitation]:
    """References to sections that existed then and read differently now; a section renamed since is found by the
    old id its chapter keeps under aliases. A section added since cannot be judged."""
    texts = section_texts(now.chapters)
    renamed = now.section_ids.renamed
    old_ids = {new: old for old, new in renamed.items()}
    found = []
    for question, path in _questions_with_paths(module):
        for index, ref in enumerate(question.refs):
            before = then.get(ref, then.get(old_ids.get(ref, "")))
            section = now.section(ref)  # None exactly when `texts` has no entry for ref
            if before is not None and section is not None and _with_new_ids(before, renamed) != texts[ref]:
                found.append(ChangedCitation(question.id, (*path, "refs", index), section))
    return found


def _with_new_ids(text: str, renamed: dict[str, str]) -> str:
    """A reference to a section renamed since is the same reference: a new id alone changes no meaning."""
    if not renamed:
        return text
    pattern = re.compile(r"retningslinje:(" + "|".join(map(re.escape, renamed)) + r")(?![a-z0-9-])")
    return pattern.sub(lambda m: f"retningslinje:{renamed[m.group(1)]}", text)


def next_versions(version: str) -> tuple[str, str]:
    """The next minor and the next major version: «2.0» gives «2.1» and «3.0»."""
    major, minor = (int(part) for part in version.split("."))
    return f"{major}.{minor + 1}", f"{major + 1}.0"


def _questions_with_paths(module: Module) -> Iterator[tuple]:
    for index, item in enumerate(module.questions):
        if isinstance(item, Case):
            for sub, question in enumerate(item.questions):
                yield question, ("questions", index, "questions", sub)
        else:
            yield item, ("questions", index)


def _blobs(root: Path, objects: list[str]) -> list[str | None]:
    """The content of each `commit:path`, in order (None for one that is missing), read by one git process."""
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input="".join(f"{o}\n" for o in objects).encode(),
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return [None] * len(objects)
    if result.returncode != 0:
        return [None] * len(objects)
    output, position = result.stdout, 0
    found: list[str | None] = []
    for _ in objects:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) != 3:  # "<object> missing"
            found.append(None)
            position = end + 1
            continue
        size = int(header[2])
        found.append(output[end + 1 : end + 1 + size].decode("utf-8", "replace"))
        position = end + 1 + size + 1
    return found


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
