from notificaties.models import Base
from stuurcyclus_common.migrations import run_migrations_from_env

run_migrations_from_env(Base.metadata)
