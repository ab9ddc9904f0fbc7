"""Content at scale for the benchmarks: this project's own site with its guideline, training modules and roles
copied `factor` times (ids suffixed, cross-references kept within each copy), so that every plugin does its real
work at 1x, 10x and 50x. Also the same Markdown as plain docs pages, for a build with Material alone.

Run: .venv/bin/python bench/scale.py FACTOR TARGET [--plain]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.sitebuild import copy_project  # noqa: E402

_ID = re.compile(r"\{#([a-z0-9-]+)\}")
_REF = re.compile(r"retningslinje:([a-z0-9-]+)")


def _suffix(text: str, suffix: str) -> str:
    return _REF.sub(
        lambda m: f"retningslinje:{m.group(1)}{suffix}", _ID.sub(lambda m: f"{{#{m.group(1)}{suffix}}}", text)
    )


def scaled_project(factor: int, target: Path) -> Path:
    """This project with its guideline, modules and roles repeated `factor` times."""
    target.mkdir(parents=True, exist_ok=True)
    copy_project(target)
    guideline = target / "guideline"
    meta_path = guideline / "retningslinje.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    chapters = list(meta["chapters"])
    quizzes = sorted((target / "quizzes").glob("*.yml"))
    roles = [p for p in sorted((target / "roles").glob("*.yml")) if p.name != "oppgaver.yml"]
    for copy in range(1, factor):
        suffix = f"-k{copy}"
        for name in chapters:
            text = (guideline / name).read_text(encoding="utf-8")
            text = re.sub(r"^id: ([a-z0-9-]+)$", rf"id: \g<1>{suffix}", text, count=1, flags=re.M)
            (guideline / f"k{copy}-{name}").write_text(_suffix(text, suffix), encoding="utf-8")
            meta["chapters"].append(f"k{copy}-{name}")
        for path in quizzes:
            _copy_yaml(path, copy, _rename_module, "questions")
        for path in roles:
            _copy_yaml(path, copy, _rename_role, "responsibilities")
    meta_path.write_text(
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False), encoding="utf-8"
    )
    return target


def _rename_module(module: dict, copy: int, suffix: str) -> None:
    module.update(
        id=module["id"] + suffix,
        title=f"{module['title']} ({copy + 1})",
        target_roles=[r + suffix for r in module["target_roles"]],
    )


def _rename_role(role: dict, copy: int, suffix: str) -> None:
    role.update(
        id=role["id"] + suffix, name=f"{role['name']} ({copy + 1})", modules=[m + suffix for m in role["modules"]]
    )


def _copy_yaml(path: Path, copy: int, rename: Callable[[dict, int, str], None], items: str) -> None:
    """Write a copy of a module or role file with its ids, links and references moved to copy number `copy`."""
    suffix = f"-k{copy}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rename(data, copy, suffix)
    _suffix_refs(data[items], suffix)
    (path.parent / f"{path.stem}{suffix}.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _suffix_refs(items: list[dict], suffix: str) -> None:
    for item in items:
        if "refs" in item:
            item["refs"] = [r + suffix for r in item["refs"]]
        _suffix_refs(item.get("questions", []), suffix)


class _MkDocsYaml(yaml.SafeLoader):
    """mkdocs.yml as data: mkdocs' own tags (!relative, !ENV) are read as nothing, for a copy without them."""


_MkDocsYaml.add_multi_constructor("!", lambda loader, suffix, node: None)


def plain_project(scaled: Path, target: Path) -> Path:
    """The same Markdown as ordinary docs pages, built by Material with its search only: every page our build makes,
    generated ones included, as our plugins leave it for Python-Markdown (bench/capture.py records it during one
    build of `scaled`). What our plugins add after that (the quiz, the checklist, the matrix, the boxes under titles)
    is part of what the benchmark measures."""
    import os
    import subprocess

    docs = target / "docs"
    docs.mkdir(parents=True)
    config = scaled / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    capture = scaled / "mkdocs-capture.yml"
    capture.write_text(text + f"\nhooks:\n  - {ROOT / 'bench' / 'capture.py'}\n", encoding="utf-8")
    try:
        subprocess.run(
            [
                str(Path(sys.executable).parent / "mkdocs"),
                "build",
                "-q",
                "-f",
                str(capture),
                "-d",
                str(target / "captured-site"),
            ],
            env={**os.environ, "KOORD_CAPTURE": str(docs), "NO_MKDOCS_2_WARNING": "1"},
            check=True,
        )
    finally:
        capture.unlink()
    config = yaml.load(text, Loader=_MkDocsYaml)
    plain = {key: config[key] for key in ("site_name", "theme", "markdown_extensions")}
    # The plain site includes no files, and its loader would not know mkdocs' own !relative tag.
    plain["markdown_extensions"] = [
        e for e in plain["markdown_extensions"] if not (isinstance(e, dict) and "pymdownx.snippets" in e)
    ]
    plain["theme"] = {k: v for k, v in plain["theme"].items() if k != "custom_dir"}
    plain["plugins"] = [{"search": {"lang": "no"}}]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


if __name__ == "__main__":
    factor, target = int(sys.argv[1]), Path(sys.argv[2])
    project = scaled_project(factor, target / "site")
    if "--plain" in sys.argv:
        plain_project(project, target / "plain")
