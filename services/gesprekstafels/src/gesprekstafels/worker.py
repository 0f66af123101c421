"""The gesprekstafels event worker: `python -m gesprekstafels.worker` (outbox relay; consumes nothing yet)."""

from stuurcyclus_common.events.worker import main

from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, [])
