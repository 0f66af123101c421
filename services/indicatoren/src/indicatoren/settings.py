"""This service's settings: `INDICATOREN_*` environment variables, falling back to the platform-wide ones."""

from functools import lru_cache

from stuurcyclus_common.settings import ServiceSettings

from . import SERVICE


@lru_cache
def get_settings() -> ServiceSettings:
    return ServiceSettings.for_service(SERVICE)
