"""The catalogue of event contracts: every event any service emits, as versioned pydantic models, in one place.

Services import the contracts they emit and those they consume from here (never from each other). Importing
this package registers all of them in `stuurcyclus_common.events.CATALOGUE`, from which `docs/asyncapi.json`
is generated (`stuurcyclus events asyncapi`).

Every event of a contract `<service>.<entity>.<action>` travels on `<prefix>.<service>.<gemeente>.<entity>.<action>`:
the municipality it belongs to is the subject's third token (`stuurcyclus.sporen.GM0193.spoor.aangemaakt`), so a
consumer or a live stream subscribes to one municipality (`…sporen.GM0193.>`) or to all (`…sporen.*.spoor.*`). Its
envelope follows the NL GOV profile for CloudEvents (`events/envelope.py`).
"""

from . import financien, gesprekstafels, indicatoren, notificaties, sporen  # noqa: F401  (registers the contracts)
