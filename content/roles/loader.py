"""Read the roles folder: the task list (`oppgaver.yml`) and one file per role. Checks guideline references,
task ids and unique role ids here; module ids are checked against the training modules by the plugin."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from content.errors import ContentError, ContentErrors, unknown_section
from content.roles.model import Role, Task, TaskList
from content.yamlfile import YamlDocument, load_as, load_yaml, read_text, validate

TASKS = "oppgaver.yml"


@dataclass(frozen=True)
class RoleFile:
    role: Role
    file: str
    document: YamlDocument


@dataclass(frozen=True)
class Roles:
    tasks: list[Task]
    roles: list[RoleFile]

    def role(self, role_id: str) -> Role | None:
        return next((r.role for r in self.roles if r.role.id == role_id), None)


def load_roles(root: Path, folder: str, section_ids: Collection[str] | None) -> Roles:
    errors: list[ContentError] = []
    tasks_name = f"{folder}/{TASKS}"
    tasks: list[Task] = []
    if not (root / tasks_name).is_file():
        errors.append(
            ContentError(tasks_name, None, "oppgåvelista finst ikkje; opprett ho med «tasks:» og éi oppgåve per linje")
        )
    else:
        try:
            document = load_yaml(read_text(root / tasks_name, tasks_name), tasks_name)
            tasks = validate(TaskList, document).tasks
            errors += _check_refs(
                document, [(("tasks", i), t.id, t.refs) for i, t in enumerate(tasks)], section_ids, "oppgåva"
            )
            seen: set[str] = set()
            for index, task in enumerate(tasks):
                if task.id in seen:
                    errors.append(
                        document.error(
                            ("tasks", index, "id"), f"oppgåve-id-en «{task.id}» står to gonger; gje den eine ein ny id"
                        )
                    )
                seen.add(task.id)
        except ContentErrors as exc:
            errors += exc.errors
    task_ids = {t.id for t in tasks}

    roles: list[RoleFile] = []
    first: dict[str, str] = {}
    for path in sorted((root / folder).glob("*.y*ml")):
        if path.name == TASKS:
            continue
        name = f"{folder}/{path.name}"
        try:
            document, role = load_as(Role, read_text(path, name), name)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        problems = _check_refs(
            document,
            [(("responsibilities", i), r.task, r.refs) for i, r in enumerate(role.responsibilities)],
            section_ids,
            "ansvaret for",
        )
        for index, duty in enumerate(role.responsibilities):
            if tasks and duty.task not in task_ids:
                problems.append(
                    document.error(
                        ("responsibilities", index, "task"),
                        f"oppgåva «{duty.task}» finst ikkje i {tasks_name}; bruk ein av id-ane der",
                    )
                )
        if role.id in first:
            problems.append(
                document.error(("id",), f"rolle-id-en «{role.id}» er brukt før i {first[role.id]}; gje rolla ein ny id")
            )
        first.setdefault(role.id, name)
        errors += problems
        roles.append(RoleFile(role, name, document))
    if errors:
        raise ContentErrors(errors)
    return Roles(tasks, roles)


def _check_refs(document: YamlDocument, entries, section_ids: Collection[str] | None, what: str) -> list[ContentError]:
    errors = []
    for path, label, refs in entries:
        for number, ref in enumerate(refs):
            if section_ids is not None and ref not in section_ids:
                errors.append(
                    document.error((*path, "refs", number), f"{what} «{label}»: {unknown_section(ref, section_ids)}")
                )
    return errors
