"""The sporen event worker: `python -m sporen.worker` (outbox relay + the report's read models of other services)."""

from stuurcyclus_common.events.worker import main

from .handlers import SUBSCRIPTIONS
from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, SUBSCRIPTIONS)
