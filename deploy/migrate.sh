#!/bin/sh
# Migration job: bring every service's schema to head, then (if STUURCYCLUS_SEED=true) load the seed data.
# Idempotent: safe to run on every deployment, before the new version of the services starts.
set -eu
for service in sporen indicatoren financien gesprekstafels notificaties; do
  python -m "$service.manage" migrate
done
if [ "${STUURCYCLUS_SEED:-false}" = "true" ]; then
  for service in sporen indicatoren financien gesprekstafels; do
    python -m "$service.manage" seed
  done
fi
