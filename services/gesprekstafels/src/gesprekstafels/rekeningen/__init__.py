"""Bank accounts: the municipality's own, which pays, and each partner's, which receives (staff only)."""
