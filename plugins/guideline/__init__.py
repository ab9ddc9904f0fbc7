"""The regional coordinator guideline: domain model, loader and the MkDocs plugin that publishes it."""
