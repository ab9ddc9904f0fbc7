"""Every content mistake of a build in one report: an editor who renames a cited id sees all the places in one round."""

from __future__ import annotations

import re

from tests.sitebuild import build_site, copy_project, edit


def _files_in_report(log: str) -> list[str]:
    """The file headings of the report (a line that is only a path), in order."""
    return [line for line in log.splitlines() if re.fullmatch(r"[\w./-]+\.(ya?ml|md)", line.strip())]


def test_a_renamed_id_is_reported_in_roles_quizzes_and_checklist_in_one_build(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "guideline/kriterium.md", "{#meldeplikt}", "{#meldeplikta}")

    build = build_site(project)

    assert not build.ok
    assert "Traceback" not in build.log
    files = _files_in_report(build.log)
    for expected in (
        "roles/ke.yml",
        "roles/oppgaver.yml",
        "quizzes/1-ordninga-og-lovgrunnlaget.yml",
        "checklist/kriterium.yml",
    ):
        assert expected in files, build.log
    assert len(files) == len(set(files)), "each file is one group"
    assert re.search(r"roles/ke\.yml:\d+: .*«meldeplikt».*Meinte du «meldeplikta»\?", build.log)
    assert re.search(r"checklist/kriterium\.yml:\d+: .*«meldeplikt».*Meinte du «meldeplikta»\?", build.log)


def test_a_reference_to_an_id_kept_as_alias_names_the_new_id(tmp_path):
    """Renamed with the old id under aliases (as the editors' guide says): every place is told the new id exactly,
    however unlike the old one it is spelled."""
    project = copy_project(tmp_path)
    edit(project, "guideline/kriterium.md", "{#meldeplikt}", "{#plikt-til-a-melde}")
    edit(project, "guideline/kriterium.md", "\n---\n", "\naliases:\n  meldeplikt: plikt-til-a-melde\n---\n")

    build = build_site(project)

    assert not build.ok
    hint = "«meldeplikt» er den gamle id-en til «plikt-til-a-melde» (aliases); skriv «plikt-til-a-melde»."
    for where in ("roles/ke.yml", "checklist/kriterium.yml", "quizzes/1-ordninga-og-lovgrunnlaget.yml", "guideline/"):
        assert re.search(rf"{re.escape(where)}[^:]*:\d+: .*{re.escape(hint)}", build.log), where
    assert "Meinte du" not in build.log


def test_errors_in_the_guideline_and_in_a_module_come_together(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "guideline/retningslinje.yml", "status: utkast", "status: ferdig")
    edit(project, "quizzes/2-kven-treng-koordinator.yml", "\ntitle:", "\ntitel:")

    build = build_site(project)

    assert not build.ok
    assert "Traceback" not in build.log
    assert re.search(r"guideline/retningslinje\.yml:\d+: «status» må vere ein av", build.log)
    assert re.search(r"quizzes/2-kven-treng-koordinator\.yml:\d+: ukjent felt «titel».*Meinte du «title»\?", build.log)
    assert "feltet «title» manglar" in build.log


def test_a_role_unknown_to_a_module_suggests_the_closest_role(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "quizzes/3-koordinatoren-i-praksis.yml", "target_roles: [koordinator]", "target_roles: [kordinator]")

    build = build_site(project)

    assert not build.ok
    assert re.search(
        r"quizzes/3-koordinatoren-i-praksis\.yml:\d+: rolla «kordinator» finst ikkje.*Meinte du «koordinator»\?",
        build.log,
    )
