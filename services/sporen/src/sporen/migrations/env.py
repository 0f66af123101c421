from stuurcyclus_common.migrations import run_migrations_from_env

from sporen.models import Base

run_migrations_from_env(Base.metadata)
