"""The gesprekstafels event worker: `python -m gesprekstafels.worker` — the outbox relay, the consumers of other
services' events, and the loop that announces payments falling due (`betaling.opeisbaar`, once each; every
`GESPREKSTAFELS_BETALINGEN_INTERVAL` seconds)."""

from stuurcyclus_common.events.worker import main

from .betalingen.due import due_payments_loop
from .handlers import SUBSCRIPTIONS
from .models import EVENTS
from .settings import get_settings

if __name__ == "__main__":
    settings = get_settings()
    main(settings, EVENTS, SUBSCRIPTIONS, background=[due_payments_loop(settings.betalingen_interval)])
