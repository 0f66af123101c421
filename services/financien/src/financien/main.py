"""The financien service's ASGI app: `uvicorn financien.main:app`."""

from stuurcyclus_common.http import create_service_app

from .api import router
from .models import WRITES
from .settings import get_settings

app = create_service_app(
    get_settings(),
    title="stuurcyclus financien",
    description="Budgets, savings targets and realisations, subsidy ceilings, reservations.",
    routers=[router],
    write_records=WRITES,
)
