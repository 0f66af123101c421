"""The financien service's ASGI app: `uvicorn financien.main:app`.

One router per sub-domain, each in its own folder with its rules and bodies; the list below is the whole API.
"""

from stuurcyclus_common.http import create_service_app

from .begroting.endpoints import router as begroting
from .besparingen.endpoints import router as besparingen
from .iv3.endpoints import router as iv3
from .models import EVENTS, WRITES
from .plafonds.endpoints import router as plafonds
from .referenties.endpoints import router as referenties
from .settings import get_settings
from .vergelijkingsgroepen.endpoints import router as vergelijkingsgroepen

app = create_service_app(
    get_settings(),
    title="stuurcyclus financien",
    description="Budgets, savings targets and realisations, subsidy ceilings, reservations.",
    routers=[referenties, besparingen, begroting, iv3, plafonds, vergelijkingsgroepen],
    write_records=WRITES,
    events=EVENTS,
)
