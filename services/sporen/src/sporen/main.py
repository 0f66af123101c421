"""The sporen service's ASGI app: `uvicorn sporen.main:app`.

One router per sub-domain, each in its own folder with its rules and bodies; the list below is the whole API.
"""

from stuurcyclus_common.http import create_service_app

from .agenda.endpoints import router as agenda
from .lessen.endpoints import router as lessen
from .maatregelen.endpoints import router as maatregelen
from .models import EVENTS, WRITES
from .ontwikkelingen.endpoints import router as ontwikkelingen
from .overzicht.endpoints import router as overzicht
from .rapportage.endpoints import router as rapportage
from .rapportteksten.endpoints import router as rapportteksten
from .risicos.endpoints import router as risicos
from .settings import get_settings
from .spoor.endpoints import router as spoor
from .uitklapmodel.endpoints import router as uitklapmodel
from .voortgang.endpoints import router as voortgang

app = create_service_app(
    get_settings(),
    title="stuurcyclus sporen",
    description="The reform agenda of the social domain: tracks (sporen) and what belongs to them.",
    routers=[
        spoor,
        overzicht,
        agenda,
        uitklapmodel,
        voortgang,
        risicos,
        rapportteksten,
        rapportage,
        maatregelen,
        ontwikkelingen,
        lessen,
    ],
    write_records=WRITES,
    events=EVENTS,
)
