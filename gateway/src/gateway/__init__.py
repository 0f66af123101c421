"""The gateway: one public entry (`/api/v1/<service>/…`) in front of the services. Routing only, no business logic."""
