"""The financien event worker: `python -m financien.worker` (outbox relay + consumers of sporen events)."""

from stuurcyclus_common.events.worker import main

from .handlers import SUBSCRIPTIONS
from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, SUBSCRIPTIONS)
