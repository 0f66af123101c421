"""The sporen service's ASGI app: `uvicorn sporen.main:app`."""

from stuurcyclus_common.http import create_service_app

from .api import router
from .models import WRITES
from .settings import get_settings

app = create_service_app(
    get_settings(),
    title="stuurcyclus sporen",
    description="The reform agenda of the social domain: tracks (sporen) and what belongs to them.",
    routers=[router],
    write_records=WRITES,
)
