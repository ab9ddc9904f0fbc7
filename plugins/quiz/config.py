"""Options of the quiz plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class QuizConfig(Config):
    enabled = opt.Type(bool, default=True)
    # Where the module files live, relative to mkdocs.yml.
    source_dir = opt.Type(str, default="quizzes")
    # The URL folder the modules are published under.
    url_prefix = opt.Type(str, default="opplaering")
    # The build manifest for the tracker: answer keys, so never inside the public site folder.
    manifest = opt.Type(str, default="var/manifest.json")
    # SCORM 1.2 packages, one zip per module, for the region's learning platform.
    scorm_dir = opt.Type(str, default="var/scorm")
    # The time zone in which dates are shown and completions expire, in the browser and (through the manifest) the
    # tracker, which refuses to start with another one.
    time_zone = opt.Type(str, default="Europe/Oslo")
    # Who scores an attempt. «tracker»: the page carries the questions and options only, and the tracker scores
    # the attempt from the manifest and answers with the feedback; no answer key (and no «Fasit» page) is
    # published. «browser»: the key travels in the page, for a site served with no tracker. SCORM packages always
    # carry the key, since the learning platform has no tracker.
    scoring = opt.Choice(("tracker", "browser"), default="tracker")
    # The organisation named on learners' receipts (the trust's name); empty leaves the line out.
    organisation = opt.Type(str, default="")
