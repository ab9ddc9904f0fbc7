"""The content core: plain Python with no MkDocs import anywhere in it, one load of the whole site, and plugins that
only publish from it, so that their order under `plugins:` does not matter."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import yaml

import content
from content.site import Settings, load_site
from tests.site_compare import differences
from tests.sitebuild import build_site, copy_project

ROOT = Path(__file__).resolve().parent.parent


def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(content.__path__, "content."))


def test_no_module_of_the_core_imports_mkdocs():
    modules = _core_modules()
    assert "content.site" in modules and "content.training.views" in modules
    for name in modules:
        path = ROOT / (name.replace(".", "/") + ".py")
        if not path.is_file():
            path = ROOT / name.replace(".", "/") / "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not [n for n in imported if n.split(".")[0] in ("mkdocs", "material", "plugins")], (
                f"{name} imports {imported}"
            )
    # And nothing it imports brings MkDocs in by the back door.
    code = f"import sys; import {', '.join(modules)}; print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'plugins')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]", loaded


def test_one_call_loads_the_whole_real_site_without_mistakes():
    site = load_site(
        Settings(root=ROOT, docs_dir=ROOT / "docs", reviewed=("pasient/",), translated={"pasient": "pasient/nb"})
    )
    assert not site.errors, [str(p.error) for p in site.errors]
    assert site.guideline is not None and len(site.guideline.chapters) >= 10
    assert len(site.modules) == 4 and site.roles is not None and site.checklist is not None
    assert site.pages["pasient/rettar.md"].counterpart == "pasient/nb/rettar.md"
    assert site.pages["pasient/nb/rettar.md"].language == "nb" and site.pages["pasient/rettar.md"].review is not None
    assert {"einingsleiar", "koordinator"} <= set(site.role_names())


def test_a_mistake_in_every_part_comes_back_in_one_report(tmp_path):
    project = copy_project(tmp_path)
    (project / "quizzes" / "1-ordninga-og-lovgrunnlaget.yml").write_text("id: Feil id\n", encoding="utf-8")
    roles = project / "roles" / "ke.yml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("id: ke", "id: ke\nukjend: 1", 1), encoding="utf-8")
    chapter = project / "guideline" / "formal.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n## Utan id\n", encoding="utf-8")
    site = load_site(Settings(root=project, docs_dir=project / "docs", check_history=False))
    areas = {problem.area for problem in site.errors}
    assert {"retningslinja", "rollene", "opplæringa"} <= areas, [str(p.error) for p in site.errors]


def _plugins_reversed(project: Path) -> None:
    """mkdocs.yml with the koord plugins in the opposite order (search first, as it must stay for the theme)."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("plugins:\n")
    end = text.index("\nmarkdown_extensions:")
    entries, current = [], []
    for line in text[start + len("plugins:\n") : end].splitlines():
        if line.startswith("  - ") and current:
            entries.append(current)
            current = []
        current.append(line)
    entries.append(current)
    search, koord = entries[0], entries[1:]
    # Comments above an entry belong to it; keep each entry whole and reverse the list.
    reordered = [search, *reversed(koord)]
    assert [e for e in reordered] != entries
    body = "\n".join(line for entry in reordered for line in entry)
    path.write_text(text[:start] + "plugins:\n" + body + text[end:], encoding="utf-8")
    yaml.safe_load(text[start:end].replace("!relative", "").replace("!ENV", ""))  # still YAML


def test_the_real_site_builds_the_same_with_the_plugins_in_another_order(real_site, tmp_path):
    project = copy_project(tmp_path)
    _plugins_reversed(project)
    assert "koord/redirects" in (project / "mkdocs.yml").read_text(encoding="utf-8").split("koord/site")[0]
    result = build_site(project)
    assert result.ok, result.log
    assert differences(real_site.site, result.site) == []
