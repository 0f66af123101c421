"""What the sub-domains of the gesprekstafels service share: `http` (route parameters, documented refusals), `rules`
(refusals naming a field, events, ambition references), `types` (bounded text shapes)."""
