"""MkDocs adapter for the Markdown checks: reads every page under docs/ and every guideline chapter before the build,
so that an unclosed code block or HTML block is named once, at its own file and line, instead of as warnings about
the pages it swallows."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from content.yamlfile import ContentError, ContentErrors, read_text
from plugins.report import record, stop_if_any
from content.pages.markdown_checks import UnclosedBlock, check_markdown


class MarkdownPlugin(BasePlugin):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = Path(config.config_file_path).resolve().parent
        errors: list[ContentError] = []
        for path in _markdown_files(config, root):
            name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
            try:
                errors += check_markdown(read_text(path, name), name)
            except ContentErrors as exc:
                errors += exc.errors
        record(config, "Markdown", errors)
        if any(isinstance(error, UnclosedBlock) for error in errors):
            # Stop before the other plugins read the swallowed text: their messages about it would point elsewhere.
            stop_if_any(config)
        return None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        stop_if_any(config)


def _markdown_files(config: MkDocsConfig, root: Path) -> list[Path]:
    """Every .md under docs_dir and under the guideline's folder (when the site has the guideline), each once."""
    folders = [Path(config.docs_dir).resolve()]
    guideline = config.plugins.get("koord/guideline")
    if guideline is not None and guideline.config.enabled:
        folders.append(root / guideline.config.source_dir)
    return sorted({path.resolve() for folder in folders if folder.is_dir() for path in folder.rglob("*.md")})
