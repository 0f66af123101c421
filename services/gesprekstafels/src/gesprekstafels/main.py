"""The gesprekstafels service's ASGI app: `uvicorn gesprekstafels.main:app`."""

from stuurcyclus_common.http import create_service_app

from .api import routers
from .models import WRITES
from .settings import get_settings

app = create_service_app(
    get_settings(),
    title="stuurcyclus gesprekstafels",
    description="The yearly cycle: tables, outcomes, uitvraag, aanvragen, toekenning, verantwoording.",
    routers=routers,
    write_records=WRITES,
)
