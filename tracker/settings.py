"""All settings in one place, from environment variables (KOORD_TRACKER_*) and an optional TOML file
(KOORD_TRACKER_CONFIG=path). Paths are relative to the folder the tracker is started in."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOORD_TRACKER_", extra="forbid")

    data_dir: Path = Field(Path("var"), description="Where the SQLite database lives")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in data_dir. PostgreSQL: postgresql+psycopg://...")
    manifest: Path = Field(Path("var/manifest.json"), description="The build manifest written by mkdocs build")
    site_dir: Path | None = Field(Path("site"), description="The built site to serve at /; empty to serve the API only")
    host: str = "127.0.0.1"
    port: int = 8000

    identity: Literal["form", "proxy"] = Field("form", description="form: learners declare who they are; proxy: a header from the reverse proxy")
    user_header: str = "X-Remote-User"
    group_header: str = "X-Remote-Groups"
    manager_group: str = Field("koordinator-leiar", description="Group (in the group header) that may export and see compliance")
    proxy_addresses: list[str] = Field(["127.0.0.1/32", "::1/128"], description="Addresses the proxy headers are accepted from")
    admin_token: SecretStr | None = Field(None, min_length=32, description="Bearer token with access to every unit (at least 32 characters)")

    max_body_bytes: int = Field(64 * 1024, ge=1024, description="Largest request body, except the roster")
    max_roster_bytes: int = Field(8 * 1024 * 1024, ge=1024, description="Largest roster upload (about 30,000 people take 2–3 MB)")
    busy_seconds: float = Field(1.0, gt=0, le=30, description="How long a request waits for a locked database before it answers 503")
    export_slots: int = Field(2, ge=1, le=16, description="Exports prepared at the same time; more wait their turn")
    retention_months: int = Field(12, ge=0, description="Months records are kept after a completion stops being valid")
    timezone: str = Field("Europe/Oslo", description="Dates in exports and validity are local dates here")

    @field_validator("site_dir", "database_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        # KOORD_TRACKER_SITE_DIR= (empty) means: serve the API only, the web server serves site/.
        return None if value == "" else value

    @field_validator("proxy_addresses")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for address in value:
            ipaddress.ip_network(address, strict=False)
        return value

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tracker.sqlite3'}"

    def is_proxy(self, address: str | None) -> bool:
        if not address:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in self.proxy_addresses)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config := os.environ.get("KOORD_TRACKER_CONFIG"):
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config)))
        return tuple(sources)
