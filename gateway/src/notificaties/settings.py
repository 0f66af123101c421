"""This component's settings: `NOTIFICATIES_*` environment variables, falling back to the platform-wide ones."""

from functools import lru_cache

from stuurcyclus_common.settings import ServiceSettings

from . import SERVICE


class NotificatieSettings(ServiceSettings):
    #: Seconds before the 1st, 2nd, … retry of a failed delivery (the last repeats).
    delivery_backoff_seconds: list[float] = [5, 30, 120, 600, 1800, 3600]
    #: Attempts before a delivery is parked (unless the subscription says otherwise).
    delivery_max_attempts: int = 12
    #: Seconds a receiver may take to answer one delivery.
    delivery_timeout: float = 10.0
    #: Seconds between looks for due deliveries when nothing woke the loop.
    delivery_poll_interval: float = 0.2


@lru_cache
def get_settings() -> NotificatieSettings:
    return NotificatieSettings.for_service(SERVICE)  # type: ignore[return-value]
