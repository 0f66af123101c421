from stuurcyclus_common.migrations import run_migrations_from_env

from indicatoren.models import Base

run_migrations_from_env(Base.metadata)
