"""financien: budgets, savings targets and realisations, subsidy ceilings, reservations."""

SERVICE = "financien"
