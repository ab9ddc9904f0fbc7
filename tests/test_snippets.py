"""Texts from the data files are rendered by the full Markdown pipeline, or, when they hold nothing Markdown could
read as markup, by a shortcut: both must give the same HTML for every text the site has."""

from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.config import load_config

from plugins.snippets import _SINGLE_PARAGRAPH, Snippets

ROOT = Path(__file__).resolve().parent.parent
EDGES = [
    "a\nb",
    "- a",
    "1. a",
    "a  \nb",
    "# a",
    "a *b*",
    "  a",
    "a\n  b",
    "a\n- b",
    "a & b",
    "a <b>",
    "a\n\nb",
    "> a",
    "a [b](c)",
    "a `b`",
    "a {: .x }",
    "«a» – b (c) 50 %",
    "Sant",
    "2) a",
    "a\n1. b",
    "a_b_",
    "a\n=== b",
]


def _texts() -> list[str]:
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted([*ROOT.glob("quizzes/*.yml"), *ROOT.glob("roles/*.yml"), *ROOT.glob("checklist/*.yml")]):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def renderers():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return Snippets(config), markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


@pytest.mark.parametrize("inline", [False, True])
def test_every_text_renders_as_the_full_markdown_pipeline_renders_it(renderers, inline):
    snippets, full = renderers
    texts = _texts() + EDGES
    assert len(texts) > 500
    for text in texts:
        html = full.reset().convert(text)
        match = _SINGLE_PARAGRAPH.match(html) if inline else None
        assert snippets.html(text, inline) == (match.group(1) if match else html), text
