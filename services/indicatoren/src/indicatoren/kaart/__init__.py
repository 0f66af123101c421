"""Maps people read: an indicator over the wijken or buurten of a period, as SVG."""
