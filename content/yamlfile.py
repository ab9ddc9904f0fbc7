"""What every content loader shares: a YAML loader that remembers where each value stands, front matter, and
pydantic errors turned into editor messages (with the one error type of content/errors.py)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails

from content.errors import ContentError, ContentErrors, did_you_mean
from content.markdown import FRONT_MATTER
from content.memo import Memo, Stored, code, digest

# A path into parsed YAML: mapping keys and list indexes, as pydantic reports error locations.
Path = tuple[str | int, ...]

M = TypeVar("M", bound=BaseModel)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ID_RULE = "bruk små bokstavar a–z, tal og bindestrek, og start med ein bokstav (skriv æ som ae, ø som o, å som a)"
_VERSION = re.compile(r"^\d+\.\d+$")


def _check_version(value: str) -> str:
    if not _VERSION.match(value):
        raise ValueError(
            f'«{value}» er ikkje ein versjon; skriv hovudversjon.underversjon i hermeteikn, til dømes "1.2"'
        )
    return value


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f"«{value}» er ikkje ein gyldig id: {ID_RULE}")
    return value


class ContentModel(BaseModel):
    """Base of every model an editor writes: unknown fields are mistakes, not extras."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# The checks are functions, for messages in Norwegian; the JSON Schema still shows editors the pattern.
Version = Annotated[
    str, AfterValidator(_check_version), WithJsonSchema({"type": "string", "pattern": _VERSION.pattern})
]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN.pattern})]


# libyaml's parser when PyYAML has it (several times faster on a large site), the pure-Python one otherwise.
# Both have the same interface; the type checker knows the pure-Python one by name.
if TYPE_CHECKING:
    from yaml import SafeLoader as _SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader that leaves dates as text, so that a bad date becomes a validation error with a line
    instead of an exception from deep inside PyYAML, and that refuses a key written twice in a mapping."""

    file = ""
    offset = 0  # lines before the document's first (front matter starts on the file's second line)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # kept by the constructor: not made twice
            line = key_node.start_mark.line + 1 + self.offset
            try:
                first = seen.setdefault(key, line)
            except TypeError:
                continue  # a key that cannot be a key: PyYAML's own error says so
            if first != line:
                raise ContentErrors(
                    [
                        ContentError(
                            self.file,
                            line,
                            f"feltet «{key}» står to gonger (første gong på linje {first}); ta bort det eine",
                        )
                    ]
                )
        return super().construct_mapping(node, deep)


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML, and the line of every value for messages."""

    data: Any  # None once load_as has validated it
    # The YAML text, compressed (see `of`): read again only for a message's line.
    packed: bytes
    file: str
    first_line: int = 1

    @staticmethod
    def pack(text: str) -> bytes:
        """A site holds every module's and role's document through the build, for the few that get a message; their
        text kept as it is was 1.4 MiB at 10x content, a fifth of that compressed."""
        return zlib.compress(text.encode("utf-8"), 1)

    @cached_property
    def lines(self) -> dict[Path, int]:
        """Worked out when a message first needs one: a site holds thousands of documents, and the table of lines
        took more memory than their text (12 MiB at 50x content) for the few that have a mistake."""
        loader = _LineLoader(zlib.decompress(self.packed).decode("utf-8"))
        try:
            lines: dict[Path, int] = {}
            _collect_lines(loader, loader.get_single_node(), (), lines, self.first_line - 1)
            return lines
        finally:
            loader.dispose()

    def line_of(self, path: Path) -> int | None:
        """The line of the value at `path`, or of the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: Path, message: str) -> ContentError:
        return ContentError(self.file, self.line_of(path), message)


# Parsed YAML and its packed text, kept between builds: PyYAML's parsing is done in Python but for the scanner, and
# it was half of loading the site (0.2 s at 10x content). The version is this file and PyYAML's: a change to the
# loader's rules here parses every file again.
_PARSED: Stored[tuple[Any, bytes]] = Stored("yaml", code(__file__) + yaml.__version__.encode())


def load_yaml(text: str, file: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document. Syntax errors and repeated keys raise ContentErrors with the line."""
    data, packed = _PARSED.get(digest(text), _parse, text, file, first_line)
    return YamlDocument(data, packed, file, first_line)


def _parse(text: str, file: str, first_line: int) -> tuple[Any, bytes]:
    loader = _LineLoader(text)
    loader.file, loader.offset = file, first_line - 1
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentErrors([ContentError(file, first_line, "fila er tom: fyll inn felta som manglar")])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        # "while parsing a flow sequence": the line where the [ or { opened helps more than where PyYAML gave up.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + first_line if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        noticed = exc.problem_mark.line + first_line if exc.problem_mark else line
        where = f", oppdaga på linje {noticed}" if noticed != line else ""
        raise ContentErrors(
            [
                ContentError(
                    file, line, f"ugyldig YAML ({problem}{where}); sjekk innrykk, kolon, klammer og hermeteikn på linja"
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentErrors([ContentError(file, None, f"ugyldig YAML ({exc})")]) from None
    finally:
        loader.dispose()
    return data, YamlDocument.pack(text)


def _collect_lines(loader: _LineLoader, node, path: Path, lines: dict[Path, int], offset: int) -> None:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            # Keys as the constructor makes them (the document has loaded once, so every key is one it can make).
            _collect_lines(loader, value_node, (*path, loader.construct_object(key_node, deep=True)), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(loader, item, (*path, index), lines, offset)


def read_text(path, name: str) -> str:
    """Read a content file as UTF-8; a file saved in another encoding is an editor mistake, not a crash."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentErrors(
            [
                ContentError(
                    name, None, f"fila er ikkje lagra som UTF-8 (byte {exc.start}); lagre ho på nytt med UTF-8-koding"
                )
            ]
        ) from None


def split_front_matter(text: str, file: str) -> tuple[YamlDocument, str, int]:
    """Split `---` front matter from a Markdown file: (front matter, body, line number of the body's first line)."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentErrors(
            [
                ContentError(
                    file, 1, "fila manglar front matter: start fila med ei linje `---`, felta, og ei ny linje `---`"
                )
            ]
        )
    document = load_yaml(match.group(1) or "", file, first_line=2)
    body_line = text.count("\n", 0, match.end()) + 1
    return document, text[match.end() :], body_line


def validate(model: type[M], document: YamlDocument) -> M:
    """Validate parsed YAML against a pydantic model; every problem becomes a ContentError with its line."""
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        fields = _field_names(model)
        raise ContentErrors([_error(document, err, fields) for err in exc.errors()]) from None


# Room for the module and role files of a site at 50x content (about 550) several times over; a long preview session
# adds an entry for each version of a file it saves.
_LOADED: Memo[tuple[YamlDocument, Any]] = Memo(4096)


def load_as(model: type[M], text: str, file: str) -> tuple[YamlDocument, M]:
    """`load_yaml` and `validate` in one, remembered for the same text (content.memo): a file that did not change
    gives the same document and model as before, both immutable. Parsing and validating the modules was half of a
    preview's rebuild at 10x content.

    The document comes back without its parsed data: the model holds the values, and the document is kept for the
    lines of later messages only. The parsed YAML was a fifth of the loaded site (10 MiB at 50x content)."""
    return _LOADED.get((model, digest(text), file), _load_as, model, text, file)


def _load_as(model: type[M], text: str, file: str) -> tuple[YamlDocument, M]:
    document = load_yaml(text, file)
    return replace(document, data=None), validate(model, document)


def _field_names(model: type[BaseModel]) -> set[str]:
    """Every field name the model and its parts accept, for «meinte du» on an unknown field."""
    schema = model.model_json_schema()
    parts = [schema, *schema.get("$defs", {}).values()]
    return {name for part in parts for name in part.get("properties", {})}


def _error(document: YamlDocument, err: ErrorDetails, fields: set[str]) -> ContentError:
    """A pydantic error in words an editor understands, at the line of the value it is about."""
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "missing":
        path = _data_path(document.data, loc[:-1])
        return document.error(path, f"feltet «{loc[-1]}» manglar i {describe(document.data, path)}; legg det til")
    path = _data_path(document.data, loc)
    field = describe(document.data, path)
    ctx = err.get("ctx", {})
    given = err.get("input")
    messages = {
        "extra_forbidden": f"ukjent felt {field}; sjekk stavemåten eller ta det bort.{did_you_mean(str(loc[-1]), fields)}",
        "literal_error": f"{field} må vere ein av {str(ctx.get('expected')).replace(' or ', ' eller ')}, ikkje «{given}»",
        "union_tag_invalid": f"«type» i {field} må vere ein av {ctx.get('expected_tags')}, ikkje «{ctx.get('tag')}»",
        "union_tag_not_found": f"feltet «type» manglar i {field}; legg det til",
        "string_type": f"{field} skal vere tekst; set verdien i hermeteikn",
        "string_too_short": f"{field} kan ikkje vere tom",
        "too_short": f"{field} må ha minst {ctx.get('min_length')} element",
        "int_type": f"{field} skal vere eit heiltal, ikkje «{given}»",
        "bool_type": f"{field} skal vere true eller false, ikkje «{given}»",
        "greater_than_equal": f"{field} må vere minst {ctx.get('ge')}, ikkje {given}",
        "less_than_equal": f"{field} kan vere høgst {ctx.get('le')}, ikkje {given}",
        "model_type": f"{field} skal vere eit sett med felt (nøkkel: verdi)",
        "model_attributes_type": f"{field} skal vere eit sett med felt (nøkkel: verdi)",
        "list_type": f"{field} skal vere ei liste (linjer som startar med «- »)",
        "value_error": f"{field}: {ctx.get('error')}",
    }
    if kind.startswith("date_"):
        return document.error(
            path, f"{field} er ikkje ein gyldig dato («{given}»); skriv datoen som ÅÅÅÅ-MM-DD, til dømes 2027-03-31"
        )
    return document.error(path, messages.get(kind, f"{field}: {err['msg']}"))


def _data_path(data: Any, loc: Path) -> Path:
    """The part of a pydantic location that exists in the data: union tags and validator names are left out."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            continue
        path.append(part)
    return tuple(path)


def describe(data: Any, path: Path) -> str:
    """A location as an editor reads it: «questions[samtykke-1].options[b]», naming list items by id."""
    if not path:
        return "fila"
    text = ""
    for part in path:
        item = data[part]
        if isinstance(part, int):
            name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else part + 1
            text += f"[{name}]"
        else:
            text += f".{part}" if text else str(part)
        data = item
    return f"«{text}»"
