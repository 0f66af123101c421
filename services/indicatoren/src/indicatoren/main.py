"""The indicatoren service's ASGI app: `uvicorn indicatoren.main:app`."""

from stuurcyclus_common.http import create_service_app

from .api import router
from .models import WRITES
from .settings import get_settings

app = create_service_app(
    get_settings(),
    title="stuurcyclus indicatoren",
    description="Indicators per track, measurements per period and area, trends and indices.",
    routers=[router],
    write_records=WRITES,
)
