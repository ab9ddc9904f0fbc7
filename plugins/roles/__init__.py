"""Role descriptions as data: who does what in the coordinator scheme, each responsibility citing the guideline."""
