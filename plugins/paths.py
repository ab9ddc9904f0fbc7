"""Where the docs folder is, as an editor would write it in a message: relative to the folder of mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig


def docs_folder(config: MkDocsConfig) -> str:
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()
