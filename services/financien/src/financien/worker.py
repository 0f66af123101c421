"""The financien event worker: `python -m financien.worker` (publishes this service's outbox; consumes nothing yet)."""

from stuurcyclus_common.events.worker import main

from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    main(get_settings(), EVENTS, [])
