"""This service's settings: `INDICATOREN_*` environment variables, falling back to the platform-wide ones."""

from functools import lru_cache

from stuurcyclus_common.settings import ServiceSettings

from . import SERVICE


class IndicatorenSettings(ServiceSettings):
    #: CBS's OData catalogue (`opendata.cbs.nl`) where the platform may reach CBS; empty: it may not, and a StatLine
    #: table comes as its download (`POST /statline/tabellen/{tabel}/import`).
    statline_catalogus: str = ""
    #: HTTPS to the catalogue (only a test's stand-in on loopback speaks plain HTTP).
    statline_https: bool = True


@lru_cache
def get_settings() -> IndicatorenSettings:
    return IndicatorenSettings.for_service(SERVICE)  # type: ignore[return-value]
