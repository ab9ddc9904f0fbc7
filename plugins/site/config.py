"""Options of koord/site: what the site is made of, where its generated parts are published, and its time zone."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class SiteConfig(Config):
    enabled = opt.Type(bool, default=True)
    # The one time zone in which «today» is taken for every date: on the pages, in the tracker (through the manifest,
    # so that it refuses to start with another) and when a completion expires.
    time_zone = opt.Type(str, default="Europe/Oslo")
    # Where each part of the content lives, relative to mkdocs.yml; empty leaves the part out (the public build).
    guideline = opt.Type(str, default="guideline")
    modules = opt.Type(str, default="quizzes")
    roles = opt.Type(str, default="roles")
    checklist = opt.Type(str, default="checklist/kriterium.yml")
    # The folders the generated parts are published under, and the checklist's page.
    guideline_address = opt.Type(str, default="retningslinje")
    modules_address = opt.Type(str, default="opplaering")
    roles_address = opt.Type(str, default="roller")
    checklist_page = opt.Type(str, default="treng-pasienten-koordinator.md")
    # A trust's edition (editions/<id>.yml): its texts in the local choices' places, its name and written standard.
    # Empty: the regional text, with each local choice shown as a slot. `make site EDITION=<id>` sets it.
    edition = opt.Type(str, default="")
    # The public patient pages (mkdocs-public.yml): in a trust's edition, a local choice left empty stops the build.
    public = opt.Type(bool, default=False)
    # Folders under docs/ (``""`` for all) whose pages must name their owner and review date in front matter.
    reviewed = opt.Type(list, default=[])
    # Folder of pages in the site's written standard -> folder of their counterparts in the other standard.
    translated = opt.Type(dict, default={})
