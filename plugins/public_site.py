"""MkDocs hook for the public build (mkdocs-public.yml): the theme's folder also holds the training, tracker,
manager and checklist scripts and styles, which the patient pages never load. Leaving them out keeps the public
site to what it shows, with no code that talks to the intranet's tracker."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

STAFF_ASSETS = (
    "assets/javascripts/quiz/",
    "assets/javascripts/manager",
    "assets/javascripts/stats",
    "assets/javascripts/checklist.js",
    "assets/javascripts/feedback/",
    "assets/javascripts/reading/",
    "assets/stylesheets/quiz.css",
    "assets/stylesheets/manager.css",
    "assets/stylesheets/checklist.css",
    "assets/stylesheets/feedback.css",
    "assets/stylesheets/retningslinje.css",
)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for file in [f for f in files if f.src_uri.startswith(STAFF_ASSETS)]:
        files.remove(file)
    return files
