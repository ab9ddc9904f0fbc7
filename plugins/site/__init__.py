"""The one way a plugin reaches the site's content: `site_of(config)` gives the `Site` that koord/site loaded for
this build, and `fragments(config)` the one template environment the project's HTML fragments are rendered with.
No plugin reads another plugin's attributes or options; they all read this."""

from __future__ import annotations

import json

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from content.errors import ContentError
from content.interface import fill
from content.site import Problem, Site

# Compiled templates, kept between builds in the user's temporary folder (Jinja's own cache: a template whose source
# changed is compiled again). Compiling the theme's and the fragments' templates was a sixth of a build.
TEMPLATE_CACHE = jinja2.FileSystemBytecodeCache()
_SITE = "_koord_site"
_FRAGMENTS = "_koord_fragments"
_FRAME = "_koord_frame"
# The page's frame: what plugins put around its text, which is not text to search or measure. Under the title, top
# to bottom: the link to the other written standard (what a reader of that standard needs first), a review date
# that has passed, the guideline's document information. At the end: the feedback link (on the editors' page, the
# places feedback is about), then the read confirmation, what a reader does last.
UNDER_TITLE = ("review", "switch", "document")
AT_END = ("feedback", "reading")


def site_of(config: MkDocsConfig, needed_by: str) -> Site:
    """The site loaded for this build. koord/site loads it first (its on_config has the highest priority)."""
    site = getattr(config, _SITE, None)
    if site is None:
        raise PluginError(
            f"{needed_by} publiserer frå innhaldet som koord/site lastar: legg til «- koord/site» under plugins i mkdocs.yml"
        )
    return site


def keep(config: MkDocsConfig, site: Site) -> None:
    setattr(config, _SITE, site)


def fragments(config: MkDocsConfig) -> jinja2.Environment:
    """One template environment per build for every fragment the plugins render, so that each template is compiled
    once. Made from the theme, so that a file of the same name in overrides/ replaces a plugin's own fragment."""
    env = getattr(config, _FRAGMENTS, None)
    if env is None:
        env = config.theme.get_env()  # which keeps its compiled templates (koord/site's on_config)
        add_words(env, site_of(config, "koord/site"))
        setattr(config, _FRAGMENTS, env)
    return env


def add_words(env: jinja2.Environment, site: Site) -> None:
    """The site's own words in a template, in the edition's written standard (content/interface.yml):
    `word("quiz.submit")`, `word("checklist-script.ticked", names=…)` fills {names}; `word_in("nb", …)` in a
    given standard (a page wholly in the other one); `script_words("quiz", "learner")` is the
    JSON element a page's scripts read theirs from (words.js), with only those areas' words, so that no script
    carries the words of both standards or of other pages."""
    interface, standard = site.own_words, site.written_standard

    def word_in(language: str, word_id: str, **values) -> Markup:
        # Escaped, as are the values filled in, so that a word is safe in an attribute and in text alike.
        try:
            return Markup(
                fill(str(escape(interface.word(word_id, language))), values, lambda value: str(escape(value)))
            )
        except KeyError as exc:
            raise PluginError(exc.args[0]) from None

    def word(word_id: str, **values) -> Markup:
        return word_in(standard, word_id, **values)

    def script_words(*areas: str) -> Markup:
        try:
            interface.check_areas(areas)
        except KeyError as exc:
            raise PluginError(exc.args[0]) from None
        data = json.dumps(interface.words(standard, areas), ensure_ascii=False).replace("</", "<\\/")
        return Markup(f'<script type="application/json" id="koord-words">{data}</script>')

    # In a page whose text is in the other standard (the nynorsk guideline in a bokmål edition), a fragment of the
    # site's own words says so on its root (`<div{{ words_lang }}>`), and the content inside it (a question, a
    # criterion) says its own (`{{ content_lang }}`).
    differs = standard != site.settings.language
    if interface is not None:
        env.globals.update(
            word=word,
            word_in=word_in,
            script_words=script_words,
            written_standard=standard,
            words_lang=Markup(f' lang="{standard}"' if differs else ""),
            content_lang=Markup(f' lang="{site.settings.language}"' if differs else ""),
        )


def under_title(config: MkDocsConfig, src_uri: str, kind: str, html: str) -> None:
    """Put `html` under the title of the page `src_uri`, in the order UNDER_TITLE gives, whichever plugin ran first."""
    assert kind in UNDER_TITLE, kind
    _frame(config, src_uri)[kind] = html


def at_end(config: MkDocsConfig, src_uri: str, kind: str, html: str) -> None:
    """Put `html` at the end of the page `src_uri`, in the order AT_END gives, whichever plugin ran first."""
    assert kind in AT_END, kind
    _frame(config, src_uri)[kind] = html


def _frame(config: MkDocsConfig, src_uri: str) -> dict[str, str]:
    frames = getattr(config, _FRAME, None)
    if frames is None:
        frames = {}
        setattr(config, _FRAME, frames)
    return frames.setdefault(src_uri, {})


def place_frame(config: MkDocsConfig, src_uri: str, html: str) -> str:
    """The page's content in its frame, made in one go (the print view is the whole guideline, several MiB of
    text): the blocks under the title (at the top when the page has no <h1>) and at the end."""
    blocks = getattr(config, _FRAME, {}).pop(src_uri, None)
    if not blocks:
        return html
    added = "".join(blocks[kind] for kind in UNDER_TITLE if kind in blocks)
    end = "".join(blocks[kind] for kind in AT_END if kind in blocks)
    head, found, rest = html.partition("</h1>")
    return f"{head}{found}{added}{rest}{end}" if found else f"{added}{html}{end}"


def fragment(config: MkDocsConfig):
    """`render(name, **context)`: the fragment `fragments/<name>.html` rendered, for the core's page makers."""
    env = fragments(config)
    return lambda name, **context: env.get_template(f"fragments/{name}.html").render(**context)


def stop(config: MkDocsConfig, area: str, errors: list[ContentError]) -> None:
    """Stop the build with these mistakes (found by a plugin after the content was loaded), in the report's form."""
    if errors:
        raise PluginError(format_report([Problem(area, error) for error in errors]))


def format_report(problems: list[Problem]) -> str:
    by_file: dict[str, list[ContentError]] = {}
    for problem in problems:
        by_file.setdefault(problem.error.file, []).append(problem.error)
    areas = ", ".join(dict.fromkeys(problem.area for problem in problems))
    lines = [
        f"Innhaldet kan ikkje byggjast: {len(problems)} feil i {len(by_file)} filer ({areas}). Rett alle og bygg på nytt."
    ]
    for file, errors in by_file.items():
        lines.append(f"\n{file}")
        lines += [f"  {error}" for error in errors]
    return "\n".join(lines)
