"""indicatoren: indicators per track, measurements per period and area, trends and indices."""

SERVICE = "indicatoren"
