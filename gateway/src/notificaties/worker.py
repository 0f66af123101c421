"""The notificaties worker: `python -m notificaties.worker` (consumers that queue deliveries, the delivery loop,
and the relay of its own alert events)."""

from stuurcyclus_common.events.worker import main

from .handlers import SUBSCRIPTIONS
from .models import EVENTS
from .service import delivery_loop
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, SUBSCRIPTIONS, background=[delivery_loop])
