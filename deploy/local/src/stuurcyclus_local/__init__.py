"""Running the platform locally: embedded infrastructure, the service processes, the `stuurcyclus` CLI.

Nothing here imports a service's code: services are started as processes by module name.
"""

SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels")
