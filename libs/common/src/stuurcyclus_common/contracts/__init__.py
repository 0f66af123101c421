"""The catalogue of event contracts: every event any service emits, as versioned pydantic models, in one place.

Services import the contracts they emit and those they consume from here (never from each other). Importing
this package registers all of them in `stuurcyclus_common.events.CATALOGUE`, from which `docs/asyncapi.json`
is generated (`stuurcyclus events asyncapi`).
"""

from . import financien, gesprekstafels, indicatoren, notificaties, sporen  # noqa: F401  (registers the contracts)
