"""Options of koord/quiz: how the training is published. What the modules are and where they are published are the
site's (koord/site)."""

from mkdocs.config import config_options as opt

from plugins.config import Enabled


class QuizConfig(Enabled):
    # The build manifest for the tracker: answer keys, so never inside the public site folder.
    manifest = opt.Type(str, default="var/manifest.json")
    # SCORM 1.2 packages, one zip per module, for the region's learning platform; empty for none (the preview).
    scorm_dir = opt.Type(str, default="var/scorm")
    # Who scores an attempt. «tracker»: the page carries the questions and options only, and the tracker scores
    # the attempt from the manifest and answers with the feedback; no answer key (and no «Fasit» page) is
    # published. «browser»: the key travels in the page, for a site served with no tracker. SCORM packages always
    # carry the key, since the learning platform has no tracker.
    scoring = opt.Choice(("tracker", "browser"), default="tracker")
