"""Running the platform locally: embedded infrastructure, the service processes, the `stuurcyclus` CLI.

Nothing here imports a service's code: services are started as processes by module name.
"""

#: Every backend with an API, a worker and a schema: the four services, and notificaties beside the gateway.
SERVICES = ("sporen", "indicatoren", "financien", "gesprekstafels", "notificaties")
