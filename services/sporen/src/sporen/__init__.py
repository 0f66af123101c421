"""sporen: the tracks of the reform agenda (and, as it grows, movements, ambitions, interventions, risks)."""

SERVICE = "sporen"
