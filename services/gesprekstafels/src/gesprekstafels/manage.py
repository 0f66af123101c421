"""`python -m gesprekstafels.manage migrate|seed` (no seed data yet)."""

from stuurcyclus_common.manage import main

from . import SERVICE

if __name__ == "__main__":
    main(SERVICE)
