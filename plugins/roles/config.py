"""Options of the roles plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class RolesConfig(Config):
    enabled = opt.Type(bool, default=True)
    source_dir = opt.Type(str, default="roles")
    url_prefix = opt.Type(str, default="roller")
