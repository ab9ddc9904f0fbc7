"""The completion tracker: records training attempts, scores them from the build manifest, and gives managers
CSV exports and compliance per unit. Never imports the MkDocs plugins: the manifest is the contract."""
