"""Refusals in Norwegian words. A request body or query the schema refuses (pydantic's errors, in English) becomes
one sentence per mistake that names the field as the learner or manager knows it and says what is wrong, never
echoing the value; Starlette's own English answers (404, 405, a body that cannot be parsed) get Norwegian ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

# The fields of the API's bodies and queries, in words (the JSON name in brackets, for whoever reads the log).
FIELDS = {
    "attempt_id": "Forsøks-id-en (attempt_id)",
    "module": "Modulen (module)",
    "version": "Versjonen (version)",
    "answers": "Svara (answers)",
    "finished_at": "Tidspunktet forsøket vart fullført (finished_at)",
    "learner": "Opplysningane om deltakaren (learner)",
    "employee": "Tilsettnummeret",
    "name": "Namnet",
    "unit": "Eininga",
    "attempt_ids": "Lista over forsøks-id-ar (attempt_ids)",
    "from": "Frå-datoen (from)",
    "to": "Til-datoen (to)",
    "format": "Formatet (format)",
    "confirmation_id": "Id-en til stadfestinga (confirmation_id)",
    "confirmed_at": "Tidspunktet for stadfestinga (confirmed_at)",
    "confirmation_ids": "Lista over id-ane til stadfestingane (confirmation_ids)",
    "feedback_id": "Id-en til meldinga (feedback_id)",
    "page": "Sida (page)",
    "section": "Bolken (section)",
    "guideline_version": "Versjonen av retningslinja (guideline_version)",
    "text": "Teksten (text)",
    "reply_to": "Kven som skal få svar (reply_to)",
    "sent_at": "Tidspunktet meldinga vart send (sent_at)",
    "status": "Statusen (status)",
    "note": "Notatet (note)",
}
# What a field that does not match its pattern should look like.
FORMS = {
    "attempt_id": "ein UUID, til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f",
    "attempt_ids": "ein UUID, til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f",
    "module": "små bokstavar, tal og bindestrek, til dømes kven-treng-koordinator",
    "answers": "små bokstavar, tal og bindestrek",
    "version": "to tal med punktum mellom, til dømes 1.2",
    "guideline_version": "to tal med punktum mellom, til dømes 2.0",
    "confirmation_id": "ein UUID, til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f",
    "confirmation_ids": "ein UUID, til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f",
    "feedback_id": "ein UUID, til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f",
    "page": "adressa til sida på nettstaden, utan mellomrom, til dømes retningslinje/oppnemning/",
    "section": "id-en til bolken, utan mellomrom",
}


def _field(loc: list) -> tuple[str, str | None]:
    """(the field in words, its JSON name) for a location such as ["body", "learner", "name"]."""
    parts = [p for p in loc[1:] if p != "[key]"] if loc and loc[0] in ("body", "query", "path", "header") else list(loc)
    if not parts:
        return "Førespurnaden", None
    names = [p for p in parts if isinstance(p, str)]
    last = names[-1] if names else None
    if len(names) >= 2 and names[0] == "answers":
        return f"Svaret på spørsmålet «{_shown(names[-1])}»", "answers"
    if isinstance(parts[-1], int) and last == "attempt_ids":
        return f"Forsøks-id nr. {parts[-1] + 1} i lista (attempt_ids)", last
    return FIELDS.get(last or "", f"Feltet «{_shown(last)}»"), last


def sentence(error: Mapping[str, Any]) -> str:
    """One validation error as a Norwegian sentence."""
    loc = list(error.get("loc") or [])
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    field, name = _field(loc)
    if kind == "extra_forbidden":
        key = _shown(loc[-1]) if loc else "?"
        extra = (
            " (sporingstenesta reknar ut resultatet sjølv)" if key in ("score", "passed", "correct", "total") else ""
        )
        return f"«{key}» er eit felt sporingstenesta ikkje tek imot{extra}."
    if kind == "json_invalid":
        return "Førespurnaden er ikkje gyldig JSON."
    if kind == "missing":
        return f"{field} manglar."
    if kind == "string_type":
        return f"{field} må vere tekst."
    if kind == "string_too_short":
        return f"{field} kan ikkje vere tom."
    if kind == "string_too_long":
        return f"{field} kan ha høgst {context.get('max_length')} teikn."
    if kind == "string_pattern_mismatch":
        return f"{field} har feil form: skriv {FORMS.get(name or '', 'berre tillatne teikn')}."
    if kind == "too_long":
        return f"{field} har for mange element (høgst {context.get('max_length')})."
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"{field} må vere ei liste."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field} må vere eit JSON-objekt."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field} må vere eit heilt tal."
    if kind in ("bool_type", "bool_parsing"):
        return f"{field} må vere true eller false."
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{field} må vere ein dato skriven ÅÅÅÅ-MM-DD."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{field} må vere {context.get('ge', context.get('gt'))} eller meir."
    if kind in ("less_than_equal", "less_than"):
        return f"{field} kan vere høgst {context.get('le', context.get('lt'))}."
    if kind == "literal_error":
        return f"{field} må vere ein av desse: {context.get('expected', '').replace(' or ', ', ')}."
    if kind == "value_error":
        # The schema's own checks (tracker/schemas.py) raise with a Norwegian clause.
        return f"{field} {context.get('error', 'er ikkje gyldig')}."
    return f"{field} er ikkje gyldig."


def validation_body(errors: Sequence[Mapping[str, Any]]) -> dict:
    """The body of a 422: `detail` is what a person reads (the page shows it as it is); `errors` says where, for
    programs, with the same Norwegian words and never the value that was sent."""
    said = [sentence(e) for e in errors]
    unique = list(dict.fromkeys(said))
    return {
        "detail": " ".join(unique[:5]) + (f" (og {len(unique) - 5} til)" if len(unique) > 5 else ""),
        "errors": [
            {"loc": [_printable(p) for p in e.get("loc", [])], "msg": s, "type": e.get("type", "")}
            for e, s in zip(errors, said, strict=True)
        ],
    }


def _printable(value: object) -> object:
    """A location part as text that can always be encoded: a lone surrogate in a key becomes \\ud800."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")[:80] if isinstance(value, str) else value


def _shown(value: object) -> str:
    return str(_printable(value))[:40]


# Starlette's own answers, which carry the English reason phrase, in Norwegian.
STARLETTE = {
    400: "Førespurnaden kunne ikkje lesast: innhaldet er ikkje gyldig JSON i UTF-8.",
    404: "Denne adressa finst ikkje i sporingstenesta. Sjå etter skrivefeil i adressa.",
    405: "Denne adressa tek ikkje imot denne typen førespurnad.",
}
PARSE_ERROR = "There was an error parsing the body"


def norwegian(status: int, detail: object) -> object:
    """Our own refusals are Norwegian already; Starlette's default ones are replaced."""
    if detail == PARSE_ERROR or (isinstance(detail, str) and detail == _phrase(status)):
        return STARLETTE.get(status, f"Sporingstenesta kunne ikkje svare på førespurnaden (feilkode {status}).")
    return detail


def _phrase(status: int) -> str | None:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


# The OpenAPI schema of a 422 answer, as validation_body writes it.
VALIDATION_SCHEMA = {
    "title": "Avvist",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "description": "What is wrong, in Norwegian, for a person to read"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}
