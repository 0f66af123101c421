"""The policy adviser's dashboard in one call: every track with its savings and its indicators' course."""
