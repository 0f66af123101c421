from stuurcyclus_common.migrations import run_migrations_from_env

from gesprekstafels.models import Base

run_migrations_from_env(Base.metadata)
