"""Options of the readability plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class ReadabilityConfig(Config):
    enabled = opt.Type(bool, default=True)
    # Highest LIX allowed per part of the site, by the start of the page's path in docs/: {pasient/: 40}.
    limits = opt.Type(dict, default={})
    # The report page for editors that the plugin writes; empty for a site without editors' pages (the public build).
    report = opt.Type(str, default="redaktor/lesbarheit.md")
