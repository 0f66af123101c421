"""The subsidies a municipality already has: its published subsidy register, the history the yearly cycle builds on."""
