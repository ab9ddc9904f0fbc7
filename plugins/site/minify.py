"""Our scripts and stylesheets as shipped: made at build time from the readable sources in overrides/ and
plugins/templates/, since a ward PC loads the quiz's on every training page (issue 29). rjsmin and rcssmin only drop
comments and whitespace, so a shipped file behaves as its source and keeps its names: an error in the browser's
console still reads. Material's own files are shipped as Material built them.

rjsmin does not know that a template literal may hold another one (`${note ? ` – ${note}` : ""}`): it took the inner
one's text for code and dropped its spaces. So each template literal is set aside before rjsmin runs, found by a real
parser (tree-sitter's JavaScript grammar), and put back as written; and every script is checked token for token
against its source, so that the build stops rather than ship a script that says something else.

The result depends only on the source, this file and the tools' versions, so it is kept under a key made of those,
in the folder Jinja keeps its compiled templates in: a build whose scripts did not change (nearly every build)
minifies nothing. Minifying and checking them all was a tenth of a build at 1x content."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import rcssmin
import rjsmin
import tree_sitter
import tree_sitter_javascript
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

_spec = find_spec("material")
assert _spec is not None and _spec.origin is not None, "Material for MkDocs is installed with this plugin"
MATERIAL = Path(_spec.origin).parent
_JS = tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))
# An identifier no script of ours uses, numbered and closed, so that 1 is never read as the start of 10.
_SET_ASIDE = "_koordMal{}_"
_TOOLS = hashlib.sha256(
    Path(__file__).read_bytes()
    + " ".join(version(name) for name in ("rjsmin", "rcssmin", "tree-sitter", "tree-sitter-javascript")).encode()
).digest()


def minify_ours(files: Files, cache: Path) -> None:
    """Rewrites, in the built site, every script and stylesheet that is not Material's; `cache` is the folder that
    keeps what was made before."""
    for file in files:
        suffix = Path(file.dest_uri).suffix
        if (
            suffix not in (".js", ".css")
            or file.abs_src_path is None
            or Path(file.abs_src_path).is_relative_to(MATERIAL)
        ):
            continue
        shipped = Path(file.abs_dest_path)
        source = shipped.read_bytes()
        kept = cache / f"koord-minify-{hashlib.sha256(_TOOLS + suffix.encode() + source).hexdigest()}"
        if kept.exists():
            shipped.write_bytes(kept.read_bytes())
            continue
        try:
            text = source.decode("utf-8")
            minified = (minify_js(text) if suffix == ".js" else rcssmin.cssmin(text)).encode()
        except ValueError as exc:
            raise PluginError(f"{file.src_uri}: {exc}") from None
        shipped.write_bytes(minified)
        _keep(kept, minified)


def _keep(path: Path, content: bytes) -> None:
    """Written whole or not at all: two builds at once never read half a file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


def minify_js(source: str) -> str:
    """The script without comments and whitespace, its template literals as written. ValueError (in Norwegian, for
    the build's report) when the source does not parse or the result is not the same tokens."""
    code = source.encode()
    tree = _JS.parse(code)
    if tree.root_node.has_error:
        raise ValueError("skriptet har ein syntaksfeil; rett det (Biome i make lint viser kvar)")
    literals = [code[node.start_byte : node.end_byte].decode() for node in _outermost_templates(tree.root_node)]
    pieces, last = [], 0
    for number, node in enumerate(_outermost_templates(tree.root_node)):
        pieces += [code[last : node.start_byte].decode(), f" {_SET_ASIDE.format(number)} "]
        last = node.end_byte
    pieces.append(code[last:].decode())
    minified = rjsmin.jsmin("".join(pieces))
    # A function as the replacement: the literal's backslashes are taken as written.
    minified = re.sub(_SET_ASIDE.format(r"(\d+)"), lambda match: literals[int(match.group(1))], minified)
    if _tokens(minified.encode()) != _tokens(code):
        raise ValueError("det minska skriptet er ikkje det same som kjelda, token for token; sei frå til utviklarane")
    return minified


def _outermost_templates(node: tree_sitter.Node):
    for child in node.children:
        if child.type == "template_string":
            yield child
        else:
            yield from _outermost_templates(child)


def _tokens(code: bytes) -> list[tuple[str, bytes]]:
    """Every token but comments, with its text: what the browser reads, whatever the whitespace between."""
    found: list[tuple[str, bytes]] = []
    stack = [_JS.parse(code).root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            continue
        if node.child_count == 0:
            found.append((node.type, code[node.start_byte : node.end_byte]))
        stack.extend(reversed(node.children))
    return found
