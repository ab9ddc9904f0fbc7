"""Options of the checklist plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class ChecklistConfig(Config):
    enabled = opt.Type(bool, default=True)
    source = opt.Type(str, default="checklist/kriterium.yml")
    page = opt.Type(str, default="treng-pasienten-koordinator.md")
