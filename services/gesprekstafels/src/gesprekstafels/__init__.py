"""gesprekstafels: the yearly cycle: tables, outcomes, uitvraag, aanvragen, toekenning, verantwoording."""

SERVICE = "gesprekstafels"
