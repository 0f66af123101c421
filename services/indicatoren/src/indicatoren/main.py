"""The indicatoren service's ASGI app: `uvicorn indicatoren.main:app`.

One router per sub-domain, each in its own folder with its rules and bodies; the list below is the whole API.
"""

from stuurcyclus_common.http import create_service_app

from .definities.endpoints import router as definities
from .gebieden.endpoints import router as gebieden
from .indices.endpoints import router as indices
from .kaart.endpoints import router as kaart
from .koers.endpoints import router as koers
from .metingen.endpoints import router as metingen
from .models import EVENTS, WRITES
from .prognoses.endpoints import router as prognoses
from .referenties.endpoints import router as referenties
from .settings import get_settings
from .statline.endpoints import router as statline
from .streefwaarden.endpoints import router as streefwaarden
from .waarnemingen.endpoints import router as waarnemingen

app = create_service_app(
    get_settings(),
    title="stuurcyclus indicatoren",
    description="Indicators per track, measurements per period and area, trends and indices.",
    routers=[
        referenties,
        definities,
        metingen,
        koers,
        streefwaarden,
        prognoses,
        waarnemingen,
        indices,
        gebieden,
        kaart,
        statline,
    ],
    write_records=WRITES,
    events=EVENTS,
)
