"""notificaties: subscriptions for integrators beside the gateway, compatible with the Dutch Notificaties API.

Integrators (the subsidy administration first) subscribe a callback URL to channels (*kanalen*) with filters; every
matching domain event of their municipality is delivered as a signed POST, retried with backoff, logged, parked
when retries run out (with an alert event) and replayable. Events come from JetStream through a durable consumer
and wait in this component's own table, so nothing is lost however long a receiver is down.
"""

SERVICE = "notificaties"
