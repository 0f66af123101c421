"""Gateway configuration (`GATEWAY_*` environment variables)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", env_file=".env", populate_by_name=True)

    sporen_url: str = "http://127.0.0.1:8001"
    indicatoren_url: str = "http://127.0.0.1:8002"
    financien_url: str = "http://127.0.0.1:8003"
    gesprekstafels_url: str = "http://127.0.0.1:8004"
    notificaties_url: str = "http://127.0.0.1:8005"
    #: Where a service's API processes also listen on a Unix domain socket on this host (the local platform): the
    #: forwarded requests go there, comma-separated in the order of its URLs (empty: TCP, as on Kubernetes).
    sporen_socket: str = ""
    indicatoren_socket: str = ""
    financien_socket: str = ""
    gesprekstafels_socket: str = ""
    notificaties_socket: str = ""
    #: Seconds to wait for a service to connect / answer before answering 503 / 504.
    connect_timeout: float = 2.0
    read_timeout: float = 30.0
    max_connections: int = 200
    #: Seconds an idle pooled connection to a service is kept: below the services' keep-alive (uvicorn's 5 s), so
    #: the gateway never sends on a connection the service is closing.
    upstream_keepalive_seconds: float = 4.0
    #: Edge: largest request body (bytes; bulk uploads included), requests per minute per client (0: no limit) with
    #: a burst, and the origins a browser may call from (CORS; empty: none).
    max_body_bytes: int = 256 * 1024 * 1024
    rate_limit_per_minute: int = 6000
    rate_limit_burst: int = 600
    cors_origins: list[str] = []
    #: Origins allowed by pattern as well (e.g. the local platform: `http://localhost:*`, `http://127.0.0.1:*`).
    cors_origin_regex: str | None = None
    #: Seconds the merged OpenAPI document is cached.
    openapi_cache_seconds: float = 30.0
    #: Shared with the services: `LOG_LEVEL` / `LOG_JSON` (or `GATEWAY_LOG_LEVEL` / `GATEWAY_LOG_JSON`).
    log_level: str = Field("INFO", validation_alias=AliasChoices("GATEWAY_LOG_LEVEL", "LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=AliasChoices("GATEWAY_LOG_JSON", "LOG_JSON"))

    def service_urls(self) -> dict[str, list[str]]:
        """Each service's API processes: `GATEWAY_<SERVICE>_URL` names one, or several comma-separated (replicas
        on one machine; on Kubernetes it is the service's one cluster address and Kubernetes spreads the load)."""
        return {
            name: [url.strip().rstrip("/") for url in getattr(self, f"{name}_url").split(",") if url.strip()]
            for name in SERVICES
        }

    def service_sockets(self) -> dict[str, str]:
        """Each replica's Unix socket by its URL, where it has one (`GATEWAY_<SERVICE>_SOCKET`)."""
        found: dict[str, str] = {}
        for name, urls in self.service_urls().items():
            sockets = [path.strip() for path in getattr(self, f"{name}_socket").split(",")]
            if sockets == [""]:
                continue
            if len(sockets) != len(urls):
                raise ValueError(f"GATEWAY_{name.upper()}_SOCKET names {len(sockets)} sockets for {len(urls)} URLs")
            found |= {url: path for url, path in zip(urls, sockets, strict=True) if path}
        return found


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
