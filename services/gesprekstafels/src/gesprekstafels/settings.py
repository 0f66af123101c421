"""This service's settings: `GESPREKSTAFELS_*` environment variables, falling back to the platform-wide ones."""

from functools import lru_cache

from stuurcyclus_common.settings import ServiceSettings

from . import SERVICE


class GesprekstafelsSettings(ServiceSettings):
    #: Seconds between the worker's looks for payments that fell due (a payment's day starts at midnight, Amsterdam).
    betalingen_interval: float = 60.0
    #: Municipalities (CBS codes) that switched off the segregation of duties on payments (the one who authorises a
    #: payment may then also send it or mark it paid). Empty: on everywhere, as it should be.
    functiescheiding_uit: list[str] = []
    #: The largest attachment (bytes) an application, report or decision takes.
    bijlage_max_bytes: int = 20 * 1024 * 1024


@lru_cache
def get_settings() -> GesprekstafelsSettings:
    return GesprekstafelsSettings.for_service(SERVICE)  # type: ignore[return-value]
