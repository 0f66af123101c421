"""This component's settings: `NOTIFICATIES_*` environment variables, falling back to the platform-wide ones."""

from functools import lru_cache

from stuurcyclus_common.settings import ServiceSettings

from . import SERVICE
from .callbacks import CallbackPolicy


class NotificatieSettings(ServiceSettings):
    #: Seconds before the 1st, 2nd, … retry of a failed delivery (the last repeats).
    delivery_backoff_seconds: list[float] = [5, 30, 120, 600, 1800, 3600]
    #: Attempts before a delivery is parked (unless the subscription says otherwise).
    delivery_max_attempts: int = 12
    #: Seconds a receiver may take to answer one delivery.
    delivery_timeout: float = 10.0
    #: Seconds between looks for due deliveries when nothing woke the loop.
    delivery_poll_interval: float = 0.2
    #: Callbacks over plain http (local development and tests only; production receivers use https).
    callback_allow_http: bool = False
    #: Networks a callback may point into although they are not public (e.g. `["127.0.0.0/8"]` locally).
    callback_allow_networks: list[str] = []

    def callback_policy(self) -> CallbackPolicy:
        return CallbackPolicy.from_settings(self.callback_allow_http, self.callback_allow_networks)


@lru_cache
def get_settings() -> NotificatieSettings:
    return NotificatieSettings.for_service(SERVICE)  # type: ignore[return-value]
