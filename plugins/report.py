"""One report of every content mistake in a build, so that an editor fixes them all in one round.

Each content plugin records what it found in its `on_config` with `record()` instead of stopping the build;
the first plugin's `on_pre_build` (after every `on_config`) stops it with `stop_if_any()`, grouped by file.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from content.yamlfile import ContentError

_ATTRIBUTE = "_koord_content_errors"


def record(config: MkDocsConfig, area: str, errors: Iterable[ContentError]) -> None:
    """Keep `errors` (from the part of the site named `area`, e.g. «Retningslinja») for the build's report."""
    found = getattr(config, _ATTRIBUTE, None)
    if found is None:
        found = []
        setattr(config, _ATTRIBUTE, found)
    found.extend((area, error) for error in errors)


def stop_if_any(config: MkDocsConfig) -> None:
    """Stop the build with every recorded mistake, grouped by file in the order they were found."""
    found = getattr(config, _ATTRIBUTE, None)
    if not found:
        return
    setattr(config, _ATTRIBUTE, [])
    raise PluginError(format_report(found))


def format_report(found: list[tuple[str, ContentError]]) -> str:
    by_file: dict[str, list[ContentError]] = {}
    for _, error in found:
        by_file.setdefault(error.file, []).append(error)
    areas = ", ".join(dict.fromkeys(area for area, _ in found))
    lines = [f"Innhaldet kan ikkje byggjast: {len(found)} feil i {len(by_file)} filer ({areas}). Rett alle og bygg på nytt."]
    for file, errors in by_file.items():
        lines.append(f"\n{file}")
        lines += [f"  {error}" for error in errors]
    return "\n".join(lines)
