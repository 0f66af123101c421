"""The notificaties ASGI app: `uvicorn notificaties.main:app`."""

from stuurcyclus_common.http import create_service_app

from .api import router, stream_router
from .metrics import deliveries
from .models import EVENTS, WRITES
from .settings import get_settings
from .webhooks import add_webhooks

app = create_service_app(
    get_settings(),
    title="stuurcyclus notificaties",
    description="Subscriptions for integrators, compatible with the Dutch Notificaties API: channels, subscriptions, "
    "signed deliveries with retries, a delivery log, parking and replay.",
    routers=[router, stream_router],
    write_records=WRITES,
    events=EVENTS,
    collectors=[deliveries],
)
add_webhooks(app)
