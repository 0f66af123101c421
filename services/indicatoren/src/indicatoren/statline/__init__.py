"""CBS StatLine tables as they come: a measure mapped to an indicator once, each download imported in one call."""
