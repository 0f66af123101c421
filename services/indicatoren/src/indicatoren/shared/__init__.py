"""What the sub-domains of the indicatoren service share: `http` (code, period and area shapes, documented
refusals), `service` (an indicator by its code), `schemas` (codes, names, periods, CBS areas), `provenance` (which
measurements and observations a caller may see)."""
