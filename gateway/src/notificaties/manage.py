"""`python -m notificaties.manage migrate|seed` (no seed data)."""

from stuurcyclus_common.manage import main

from . import SERVICE

if __name__ == "__main__":
    main(SERVICE)
