"""Options every koord plugin has. The plugins publish from the site's content (koord/site); only what is about
publishing one part is an option of its own."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class Enabled(Config):
    enabled = opt.Type(bool, default=True)
