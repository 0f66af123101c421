"""`python -m indicatoren.manage migrate|seed`."""

from stuurcyclus_common.manage import main

from . import SERVICE
from .seed import seed

if __name__ == "__main__":
    main(SERVICE, seed)
