"""Decision support "Treng pasienten koordinator?": an interactive checklist built from the guideline's criteria."""
