"""Options of the translations plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class TranslationsConfig(Config):
    enabled = opt.Type(bool, default=True)
    # Folder of pages in the site's language -> folder of their counterparts, e.g. {pasient: pasient/nb}.
    folders = opt.Type(dict, default={})
    # The counterparts' language, for the page's lang attribute and the switch.
    language = opt.Type(str, default="nb")
