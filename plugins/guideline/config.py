"""Options of the guideline plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class GuidelineConfig(Config):
    enabled = opt.Type(bool, default=True)
    # Where the guideline lives, relative to mkdocs.yml: outside docs/, so that it is one document with its own checks.
    source_dir = opt.Type(str, default="guideline")
    metadata_file = opt.Type(str, default="retningslinje.yml")
    # The URL folder the chapters are published under.
    url_prefix = opt.Type(str, default="retningslinje")
