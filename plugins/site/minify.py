"""Our scripts and stylesheets as shipped: made at build time from the readable sources in overrides/ and
plugins/templates/, since a ward PC loads the quiz's on every training page (issue 29). rjsmin and rcssmin only drop
comments and whitespace, so a shipped file behaves as its source and keeps its names: an error in the browser's
console still reads. Material's own files are shipped as Material built them."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.structure.files import Files


def _installed_at(package: str) -> Path:
    """The folder an installed package's code is in."""
    spec = find_spec(package)
    assert spec is not None and spec.origin is not None, f"{package} is a dependency of the site"
    return Path(spec.origin).parent


MATERIAL = _installed_at("material")
MINIFY = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_ours(files: Files) -> None:
    """Rewrites, in the built site, every script and stylesheet that is not Material's."""
    for file in files:
        minify = MINIFY.get(Path(file.dest_uri).suffix)
        if minify is None or file.abs_src_path is None or Path(file.abs_src_path).is_relative_to(MATERIAL):
            continue
        shipped = Path(file.abs_dest_path)
        shipped.write_text(minify(shipped.read_text(encoding="utf-8")), encoding="utf-8")
