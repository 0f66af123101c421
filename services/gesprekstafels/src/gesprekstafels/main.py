"""The gesprekstafels service's ASGI app: `uvicorn gesprekstafels.main:app`.

One router per sub-domain, each in its own folder with its rules (`service.py`) and bodies (`schemas.py`); the list
below is the whole API of the service.
"""

from stuurcyclus_common.http import create_service_app

from .aanvragen.endpoints import router as aanvragen
from .besluiten.endpoints import router as besluiten
from .betalingen.endpoints import router as betalingen
from .bijlagen.endpoints import router as bijlagen
from .cyclus.endpoints import router as cyclus
from .mandaten.endpoints import router as mandaten
from .models import EVENTS, WRITES
from .opendata.endpoints import router as opendata
from .referenties.endpoints import router as referenties
from .rekeningen.endpoints import router as rekeningen
from .settings import get_settings
from .subsidieregister.endpoints import router as subsidieregister
from .tafels.endpoints import router as tafels
from .uitvraag.endpoints import router as uitvraag
from .verantwoording.endpoints import router as verantwoording

app = create_service_app(
    get_settings(),
    title="stuurcyclus gesprekstafels",
    description="The yearly cycle: tables, outcomes, uitvraag, aanvragen, toekenning, verantwoording.",
    routers=[
        cyclus,
        tafels,
        uitvraag,
        aanvragen,
        besluiten,
        mandaten,
        verantwoording,
        bijlagen,
        betalingen,
        rekeningen,
        opendata,
        subsidieregister,
        referenties,
    ],
    write_records=WRITES,
    events=EVENTS,
)
