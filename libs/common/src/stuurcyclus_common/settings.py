"""Settings from the environment (pydantic-settings).

Every service reads the same `ServiceSettings`, under its own prefix first (`SPOREN_DATABASE_URL`) and then the
platform-wide name (`DATABASE_URL`), so one `.env` can run the whole platform while each service can still be
pointed elsewhere in production.
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

API_MAJOR_VERSION = 1
#: Full semantic version of the public API; returned in every `API-Version` response header (ADR /core/version-header).
API_VERSION = "1.0.0"
API_PREFIX = f"/api/v{API_MAJOR_VERSION}"

TENANT_PATTERN = r"^GM\d{4}$"

DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/stuurcyclus"
DEFAULT_NATS_URL = "nats://127.0.0.1:4222"


def normalise_database_url(url: str) -> str:
    """Accept the usual `postgres://` / `postgresql://` forms and use the asyncpg driver."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+asyncpg://", url)


def plain_database_url(url: str) -> str:
    """The libpq/asyncpg form of a SQLAlchemy URL (for raw asyncpg connections such as LISTEN)."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


class TrustedIssuer(BaseModel):
    """An identity provider whose tokens are accepted: its `iss` and where it publishes its keys."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    issuer: str
    discovery_url: str | None = None
    jwks_url: str | None = None

    @model_validator(mode="after")
    def _keys_somewhere(self) -> TrustedIssuer:
        if not (self.discovery_url or self.jwks_url):
            raise ValueError(f"trusted issuer {self.issuer!r} needs a discoveryUrl or a jwksUrl")
        return self


class ServiceSettings(BaseSettings):
    """Configuration of one service process (API or worker).

    Looked up as `<SERVICE>_<FIELD>` first, then `<FIELD>` (e.g. `SPOREN_DATABASE_URL`, then `DATABASE_URL`).
    """

    model_config = SettingsConfigDict(extra="ignore", env_file=".env", env_file_encoding="utf-8")

    service: str = Field(description="Service name; also its database schema and event source.")
    database_url: str = DEFAULT_DATABASE_URL
    db_pool_size: int = 10
    db_max_overflow: int = 10
    nats_url: str = DEFAULT_NATS_URL
    #: First token of every NATS subject and stream name; tests use a unique prefix per run.
    event_prefix: str = "stuurcyclus"
    #: Copies JetStream keeps of every stream (1 on one server; 3 on a cluster of three, as in production).
    event_stream_replicas: int = Field(default=1, ge=1, le=5)
    #: Consumers also read events on the subjects from before the municipality was in them
    #: (`<prefix>.<service>.<entity>.<action>`), so that none published before the upgrade is lost; switch off once
    #: `stuurcyclus events oude-onderwerpen` counts none left in the streams.
    event_legacy_subjects: bool = True
    #: How many times a consumer receives one event before it goes to the dead-letter subject.
    event_max_deliver: int = 5
    #: Seconds JetStream waits for an ack before redelivering (e.g. the events a crashed worker had fetched).
    event_ack_wait: float = 30.0
    #: Seconds between redeliveries of an event whose handler failed (one per retry, last one repeats).
    event_backoff_seconds: list[float] = [1.0, 5.0, 30.0, 120.0]
    #: Relay polls the outbox this often (seconds) as a fallback to LISTEN/NOTIFY.
    outbox_poll_interval: float = 5.0
    #: A worker touches this file every few seconds while it runs (container health check); unset: no file.
    heartbeat_file: str | None = None
    log_level: str = "INFO"
    log_json: bool = True
    #: The hottest reads answered below FastAPI's routing (`hotreads`); off only to compare or diagnose.
    hot_reads: bool = True
    public_base_url: str = "http://127.0.0.1:8000"
    #: Tokens: issuer and audience they must name; a shared secret (HS256) or the identity provider's public key.
    #: The longest a token may live (`exp` − `iat`, seconds): a longer one is refused (12 hours: a working day).
    auth_max_token_lifetime_seconds: int = 12 * 3600
    auth_issuer: str = "stuurcyclus"
    auth_audience: str = "stuurcyclus"
    auth_secret: SecretStr | None = None
    auth_public_key: str | None = None
    #: The identity provider's published keys: its OpenID Connect discovery document, or its JWKS directly.
    auth_discovery_url: str | None = None
    auth_jwks_url: str | None = None
    #: Further issuers whose tokens count (e.g. the brokers partners log in through), each with its published keys.
    auth_trusted_issuers: list[TrustedIssuer] = []
    #: A token naming an unknown `kid` refetches the keys at most this often (seconds).
    auth_jwks_refresh_seconds: float = 10.0
    #: Cached keys are refetched when older than this (seconds).
    auth_jwks_max_age_seconds: float = 3600.0

    @field_validator("database_url")
    @classmethod
    def _asyncpg_driver(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("event_prefix")
    @classmethod
    def _valid_prefix(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError("event_prefix must be lower-case letters, digits and underscores")
        return value

    @cached_property
    def schema(self) -> str:  # type: ignore[override]  # pydantic's deprecated `schema()`; ours is the SQL one
        """Each service owns one PostgreSQL schema, named after it."""
        return self.service

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    @classmethod
    def for_service(cls, service: str, **overrides: object) -> ServiceSettings:
        """Settings of `service`: `<SERVICE>_X` wins over `X`, explicit overrides win over both."""
        prefixed = EnvSettingsSource(cls, env_prefix=f"{service.upper()}_")
        values = {k: v for k, v in prefixed().items() if v is not None}
        return cls(service=service, **{**values, **overrides})
