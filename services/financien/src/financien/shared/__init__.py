"""What the sub-domains of the financien service share: `http` (the CSV answer as Dutch Excel reads it),
`service` (an amount as cents and EUR mln), `schemas` (bounded text, the amount body)."""
