"""What the sub-domains of the sporen service share: `http` (route parameters, documented refusals, who reads
a draft), `service` (versioned creates and updates with history and events), `schemas` (text shapes, a versioned
resource, a history entry)."""
