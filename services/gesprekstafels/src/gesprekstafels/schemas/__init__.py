"""Request and response bodies of the gesprekstafels API (camelCase on the wire; money in euro cents), a module per
sub-domain: `cyclus` (the cycle, tables, calls, applications, decisions, reports), `betalingen` (schedule, ledger,
SiSa) and `mandaten` (who may decide how much; decisions waiting for a second decider)."""

from .betalingen import *  # noqa: F403
from .cyclus import *  # noqa: F403
from .mandaten import *  # noqa: F403
