"""The gesprekstafels event worker: `python -m gesprekstafels.worker` (outbox relay + consumers of sporen events)."""

from stuurcyclus_common.events.worker import main

from .handlers import SUBSCRIPTIONS
from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, SUBSCRIPTIONS)
