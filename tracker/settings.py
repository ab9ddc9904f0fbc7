"""All settings in one place, from environment variables (KOORD_TRACKER_*) and an optional TOML file
(KOORD_TRACKER_CONFIG=path).

Relative paths are found the same way wherever the tracker is started: a path written in the TOML file is relative
to that file's folder; any other relative path (an environment variable, a default such as var/manifest.json) is
relative to the project folder koord-tracker is installed from (`make install`), or, when it is installed from a
wheelhouse and has no project folder, to the folder it is started in (the systemd unit gives absolute paths).

A mistake in a setting is a ConfigError: one line in Norwegian that names the setting and what to do, which the
command line prints instead of a traceback (exit status 2)."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, InitSettingsSource, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

PREFIX = "KOORD_TRACKER_"
CONFIG = f"{PREFIX}CONFIG"
MIN_TOKEN = 32
PATHS = ("data_dir", "manifest", "site_dir")
# The folder of this checkout, when the tracker runs from one (an editable install); None for a wheel install.
_HERE = Path(__file__).resolve().parent.parent
PROJECT: Path | None = _HERE if (_HERE / "mkdocs.yml").is_file() and (_HERE / "pyproject.toml").is_file() else None


class ConfigError(Exception):
    """A setting, file or folder the tracker cannot work with: the message is one Norwegian line for IT."""


def _networks(value: object) -> object:
    """A list of addresses or networks: a JSON list as in the systemd unit, or the same separated by commas."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                raise ValueError("verdien er ikkje ei gyldig liste") from None
        return [part for part in re.split(r"[\s,]+", text) if part]
    return value


Networks = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid")

    data_dir: Path = Field(Path("var"), description="Where the SQLite database lives")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default SQLite in data_dir. PostgreSQL: postgresql+psycopg://..."
    )
    manifest: Path = Field(Path("var/manifest.json"), description="The build manifest written by mkdocs build")
    site_dir: Path | None = Field(Path("site"), description="The built site to serve at /; empty to serve the API only")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    identity: Literal["form", "proxy"] = Field(
        "form", description="form: learners declare who they are; proxy: a header from the reverse proxy"
    )
    user_header: str = "X-Remote-User"
    group_header: str = "X-Remote-Groups"
    manager_group: str = Field(
        "koordinator-leiar", description="Group (in the group header) that may export and see compliance"
    )
    editor_group: str = Field(
        "koordinator-redaktor",
        description="Group (in the group header) that may read the item statistics; empty: nobody",
    )
    proxy_addresses: Networks = Field(
        ["127.0.0.1/32", "::1/128"], description="Addresses the proxy headers are accepted from"
    )
    admin_token: SecretStr | None = Field(
        None, min_length=MIN_TOKEN, description="Bearer token with access to every unit (at least 32 characters)"
    )
    admin_addresses: Networks = Field(
        ["127.0.0.1/32", "::1/128"], description="Addresses the admin token is accepted from"
    )

    max_body_bytes: int = Field(64 * 1024, ge=1024, description="Largest request body, except the roster")
    max_roster_bytes: int = Field(
        8 * 1024 * 1024, ge=1024, description="Largest roster upload (about 30,000 people take 2–3 MB)"
    )
    busy_seconds: float = Field(
        1.0, gt=0, le=30, description="How long a request waits for a locked database before it answers 503"
    )
    export_slots: int = Field(2, ge=1, le=16, description="Exports prepared at the same time; more wait their turn")
    retention_months: int = Field(12, ge=0, description="Months records are kept after a completion stops being valid")
    confirmation_retention_months: int = Field(
        36,
        ge=0,
        description=(
            "Months a read confirmation of an earlier major version of the guideline is kept after it was made; those of the "
            "major version in force are kept while it is in force"
        ),
    )
    feedback_retention_months: int = Field(
        12,
        ge=0,
        description=(
            "Months a reader's message that the editors have handled or rejected is kept after it came and was last changed; "
            "a new one (ny) is kept until it is handled"
        ),
    )
    timezone: str = Field("Europe/Oslo", description="Dates in exports and validity are local dates here")
    edition: str = Field(
        "",
        description=(
            "The trust's edition this tracker serves (the id of editions/<id>.yml the site was built with); empty for the "
            "regional site. A manifest built for another edition is refused"
        ),
    )

    @field_validator("site_dir", "database_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        # KOORD_TRACKER_SITE_DIR= (empty) means: serve the API only, the web server serves site/.
        return None if value == "" else value

    @field_validator("proxy_addresses", "admin_addresses", mode="before")
    @classmethod
    def _split(cls, value):
        return _networks(value)

    @field_validator("proxy_addresses", "admin_addresses")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        for address in value:
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise ValueError(f"«{address}» er ikkje ei IP-adresse eller eit nett") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"«{value}» er ikkje ei kjend tidssone") from None
        return value

    @model_validator(mode="after")
    def _absolute(self) -> Settings:
        base = PROJECT or Path.cwd()
        for name in PATHS:
            value = getattr(self, name)
            if value is not None and not value.is_absolute():
                setattr(self, name, base / value)
        return self

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "tracker.sqlite3"

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_file}"

    def is_proxy(self, address: str | None) -> bool:
        return _within(address, self.proxy_addresses)

    def is_admin_address(self, address: str | None) -> bool:
        return _within(address, self.admin_addresses)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if os.environ.get(CONFIG):
            sources.append(InitSettingsSource(settings_cls, config_file_values()))
        return tuple(sources)


def _within(address: str | None, networks: list[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def config_file() -> Path | None:
    value = os.environ.get(CONFIG)
    return Path(value).absolute() if value else None


def config_file_values() -> dict:
    """The TOML file's settings, with its relative paths made relative to the file's folder."""
    path = config_file()
    assert path is not None, "read only when the config variable names a file"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{CONFIG} peikar på {path}, men den fila finst ikkje. Rett stien, eller ta bort {CONFIG}."
        ) from None
    except (PermissionError, IsADirectoryError, UnicodeDecodeError) as exc:
        why = (
            "er ikkje ei tekstfil i UTF-8"
            if isinstance(exc, UnicodeDecodeError)
            else "kan ikkje lesast av denne brukaren"
        )
        raise ConfigError(
            f"Innstillingsfila {path} ({CONFIG}) {why}. Sjå at fila finst og at brukaren som køyrer tenesta, kan lese henne."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" på linje {line.group(1)}" if line else ""
        raise ConfigError(
            f"Innstillingsfila {path} ({CONFIG}) har ein feil{where}: skriv kvar innstilling som namn = verdi, "
            f'med tekst i hermeteikn, til dømes data_dir = "/var/lib/koord-tracker".'
        ) from None
    for name in PATHS:
        if isinstance(data.get(name), str) and data[name] and not Path(data[name]).is_absolute():
            data[name] = str(path.parent / data[name])
    return data


# What each kind of mistake is, in words; the field's own hint says what to write.
_HINTS = {
    "admin_token": f"Tokenet må ha minst {MIN_TOKEN} teikn. Lag eit nytt med: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
    "proxy_addresses": 'Skriv adressene til webtenaren som ei liste, til dømes ["127.0.0.1/32", "::1/128"], eller med komma mellom.',
    "admin_addresses": 'Skriv adressene tokenet skal godtakast frå, til dømes ["127.0.0.1/32", "::1/128"], eller med komma mellom.',
    "identity": "Skriv form (deltakarane skriv inn kven dei er, til utprøving) eller proxy (innlogginga på intranettet).",
    "port": "Skriv eit portnummer mellom 1 og 65535, til dømes 8000.",
    "timezone": "Skriv namnet på ei tidssone, til dømes Europe/Oslo.",
    "edition": "Skriv id-en til utgåva nettstaden er bygd som (namnet på fila i editions/, utan .yml), eller ingenting for den regionale.",
    "database_url": "Skriv til dømes postgresql+psycopg://brukar:passord@vert/database, eller ta bort innstillinga for SQLite.",
}


def where(field: str) -> str:
    """How IT set this setting: the environment variable, or the key in the TOML file."""
    variable = f"{PREFIX}{field.upper()}"
    if variable in os.environ or config_file() is None:
        return variable
    return f"«{field}» i {config_file()}"


def _message(error: Mapping[str, Any], given: set[str]) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return f"«{field}» i {config_file() or 'innstillingane'} er ikkje ei innstilling sporingstenesta kjenner. Sjå etter skrivefeil; lista står på IT-sida."
    name = f"--{field}" if field in given else where(field)
    if field == "admin_token" and kind in ("too_short", "string_too_short"):
        actual = context.get("actual_length", 0)
        what = "er tom" if actual == 0 else f"er for kort ({actual} teikn)"
        return f"{name} {what}. {_HINTS['admin_token']}"
    if kind == "greater_than_equal":
        what = f"må vere minst {context.get('ge')}"
    elif kind == "greater_than":
        what = f"må vere meir enn {context.get('gt')}"
    elif kind == "less_than_equal":
        what = f"kan vere høgst {context.get('le')}"
    elif kind == "less_than":
        what = f"må vere mindre enn {context.get('lt')}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        what = "må vere eit heilt tal"
    elif kind in ("float_parsing", "float_type"):
        what = "må vere eit tal"
    elif kind == "literal_error":
        what = f"kan ikkje vere «{error.get('input')}»"
    elif kind == "value_error":
        return f"{name}: {context.get('error', 'verdien er ikkje gyldig')}. {_HINTS.get(field, '')}".rstrip()
    elif kind == "list_type":
        what = "må vere ei liste"
    else:
        what = "er ikkje gyldig"
    return f"{name} {what}. {_HINTS.get(field, '')}".rstrip()


def load_settings(**options) -> Settings:
    """The settings in use, with `options` from the command line (--host, --port) above all else, or a ConfigError
    that says in one line what is wrong and how to fix it."""
    try:
        return Settings(**options)
    except ValidationError as exc:
        raise ConfigError(_message(exc.errors()[0], set(options))) from None
    except SettingsError as exc:
        # pydantic-settings could not read a value at all (a list that is not JSON, say).
        field = re.search(r'field "(\w+)"', str(exc))
        name = where(field.group(1)) if field else "Ei innstilling"
        raise ConfigError(
            f"{name} kan ikkje lesast. {_HINTS.get(field.group(1) if field else '', '')}".rstrip()
        ) from None
