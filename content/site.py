"""The whole site's content, loaded once: `load_site` reads the guideline, the training modules, the roles with their
tasks, the checklist and the hand-written pages, runs every check within and across them once, and returns one
`Site` with every mistake of the build in one report. The MkDocs plugins publish from it and the editors' tools
read it; nothing here imports MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from content.addresses import GUIDELINE_PAGES, ROLE_PAGES, TRAINING_PAGES, Addresses
from content.checklist.loader import load_checklist
from content.checklist.model import Checklist
from content.dates import DEFAULT_ZONE, norwegian_date, today
from content.editions import (
    ArchivedEdition,
    LoadedEdition,
    archive_errors,
    changed_local_texts,
    check_slots,
    load_edition,
    load_edition_archive,
)
from content.editions import approval_errors as edition_approval_errors
from content.errors import ContentError, ContentErrors, did_you_mean
from content.guideline.approval import ApprovedVersion, check_approval
from content.guideline.boxes import OpenPoint, find_boxes
from content.guideline.changes import SectionChange, compare
from content.guideline.loader import load_guideline, unknown_id_message, unknown_references
from content.guideline.model import Guideline
from content.guideline.quotes import unmarked_law_quotes
from content.guideline.references import find_references
from content.interface import Interface, load_interface
from content.memo import Memo, digest
from content.pages.markdown_checks import UnclosedBlock, checked
from content.pages.review import PageReview
from content.roles.loader import Roles, load_roles
from content.training.cited_changes import changed_citations, head, next_versions, texts_at, version_set
from content.training.cues import Cue, cues_of
from content.training.loader import ModuleFile, load_modules
from content.training.model import Case
from content.yamlfile import YamlDocument, read_text, split_front_matter, validate

# Where each part of the content lives, relative to the project (the folder of mkdocs.yml); None leaves it out, as
# the public build leaves out everything but the patient pages.
DEFAULT_SOURCES = {
    "guideline": "guideline",
    "modules": "quizzes",
    "roles": "roles",
    "checklist": "checklist/kriterium.yml",
}
LANGUAGES = {"nn": "nynorsk", "nb": "bokmål"}
MISSING_REVIEW = "sida manglar ansvar og revisjonsdato: start fila med\n---\nowner: Koordinerande eining (KE)\nreview_by: ÅÅÅÅ-MM-DD\n---"


@dataclass(frozen=True)
class Settings:
    """What the site is made of and where it is published: the koord/site options in mkdocs.yml."""

    root: Path  # the project folder; file names in messages are relative to it
    docs_dir: Path
    sources: dict[str, str | None] = field(default_factory=lambda: dict(DEFAULT_SOURCES))
    addresses: Addresses = field(default_factory=Addresses)
    time_zone: str = DEFAULT_ZONE
    language: str = "nn"  # the site's written standard
    # Folders of docs/ whose pages must name their owner and review date (the patient pages).
    reviewed: tuple[str, ...] = ()
    # Folder of pages in the site's standard -> folder of their counterparts in the other one ({pasient: pasient/nb}).
    translated: dict[str, str] = field(default_factory=dict)
    check_history: bool = True  # compare cited sections with the module version's commit (git)
    edition: str | None = None  # a trust's edition (editions/<id>.yml); None: the regional text
    public: bool = False  # the public patient pages: no placeholder may reach a patient
    today: dt.date | None = None  # for tests; otherwise today in the time zone

    @property
    def docs_name(self) -> str:
        """The docs folder as an editor writes it in a message: relative to the project folder."""
        docs = self.docs_dir
        return docs.relative_to(self.root).as_posix() if docs.is_relative_to(self.root) else docs.as_posix()

    @property
    def other_language(self) -> str:
        return "nb" if self.language == "nn" else "nn"


@dataclass(frozen=True)
class Page:
    """A hand-written page under docs/."""

    src_uri: str  # path in the docs folder, as MkDocs names it
    file: str  # relative to the project folder, for messages
    text: str
    front: YamlDocument | None  # the front matter, when the page has one
    body_line: int  # line of the body's first line in the file
    language: str
    review: PageReview | None = None
    counterpart: str | None = None  # the same page in the other written standard


@dataclass(frozen=True)
class Problem:
    """A mistake found in the load, with the part of the site it belongs to (for the report's summary)."""

    area: str
    error: ContentError


@dataclass
class Site:
    settings: Settings
    guideline: Guideline | None = None
    archive: list[ApprovedVersion] = field(default_factory=list)  # approved versions, oldest first
    changes: list[SectionChange] = field(default_factory=list)  # since the newest approved version
    modules: list[ModuleFile] = field(default_factory=list)
    roles: Roles | None = None
    checklist: Checklist | None = None
    pages: dict[str, Page] = field(default_factory=dict)
    open_points_elsewhere: list[tuple[OpenPoint, str]] = field(
        default_factory=list
    )  # boxes on hand-written pages, with the page
    edition: LoadedEdition | None = None
    edition_archive: list[ArchivedEdition] = field(
        default_factory=list
    )  # the edition's approved versions, oldest first
    # In an edition with an approved version: the local texts changed since it, (id, kind, before, now).
    local_changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    interface: Interface | None = None  # the site's own words in both standards (content/interface.yml)
    errors: list[Problem] = field(default_factory=list)  # stop the build, in one report
    warnings: list[ContentError] = field(default_factory=list)  # a strict build stops on them
    notes: list[str] = field(default_factory=list)  # for the log, at INFO

    @property
    def addresses(self) -> Addresses:
        return self.settings.addresses

    @property
    def time_zone(self) -> str:
        return self.settings.time_zone

    def role_names(self) -> dict[str, str]:
        return {r.role.id: r.role.name for r in self.roles.roles} if self.roles else {}

    @property
    def local_choices(self) -> dict[str, list[OpenPoint]]:
        """Every local choice by its id, with each place it stands (the guideline, then the pages)."""
        points = self.guideline.open_points if self.guideline else []
        found: dict[str, list[OpenPoint]] = {}
        for point in [*points, *(p for p, _ in self.open_points_elsewhere)]:
            if point.kind == "lokalt-val" and point.choice_id:
                found.setdefault(point.choice_id, []).append(point)
        return found

    @property
    def written_standard(self) -> str:
        """The standard of the site's own words: the edition's, else the site's (nynorsk)."""
        return self.edition.edition.written_standard if self.edition else self.settings.language

    def local_text(self, choice_id: str, language: str) -> str | None:
        """The trust's text for a local choice, in `language`; None in the regional text or where it is not filled."""
        return self.edition.text(choice_id, language) if self.edition else None

    def module(self, module_id: str) -> ModuleFile | None:
        return next((m for m in self.modules if m.module.id == module_id), None)

    @property
    def own_words(self) -> Interface:
        """The site's own words. A table with a mistake stops the build before any page is made (on_pre_build), so
        whatever publishes has them."""
        assert self.interface is not None, "content/interface.yml failed to load; the build stops with its errors"
        return self.interface

    def add(self, area: str, errors: list[ContentError]) -> None:
        self.errors += [Problem(area, error) for error in errors]


def load_site(settings: Settings) -> Site:
    """Load and check everything. Never raises for a content mistake: the mistakes are in `errors` and `warnings`."""
    site = Site(settings)
    sources = settings.sources
    # A code or HTML block left open swallows the rest of its page: stop before anything reads the swallowed text,
    # whose messages would point elsewhere.
    markdown_errors = _check_markdown(settings)
    site.add("Markdown", markdown_errors)
    if any(isinstance(error, UnclosedBlock) for error in markdown_errors):
        return site
    try:
        ZoneInfo(settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        site.add(
            "innstillingane",
            [
                ContentError(
                    "mkdocs.yml",
                    None,
                    f"time_zone «{settings.time_zone}» under koord/site er inga kjend tidssone; skriv til dømes Europe/Oslo",
                )
            ],
        )
        return site
    day = settings.today or today(settings.time_zone)
    if guideline_dir := sources.get("guideline"):
        _load_guideline(site, guideline_dir, day)
    section_ids = site.guideline.section_ids if site.guideline else None
    if roles_file := sources.get("roles"):
        try:
            site.roles = load_roles(settings.root, roles_file, section_ids)
        except ContentErrors as exc:
            site.add("rollene", exc.errors)
    if modules_dir := sources.get("modules"):
        _load_modules(site, modules_dir, section_ids)
    if checklist_file := sources.get("checklist"):
        try:
            site.checklist = load_checklist(settings.root, checklist_file, section_ids)
        except ContentErrors as exc:
            site.add("sjekklista", exc.errors)
    _load_pages(site)
    if settings.edition:
        _load_edition(site, settings.edition, day)
    try:
        # The words belong to the templates and scripts, so they are the code's, wherever the content is.
        site.interface = load_interface(Path(__file__).resolve().parent.parent)
    except ContentErrors as exc:
        site.add("orda i nettstaden", exc.errors)
    _check_read_confirmation_roles(site)
    return site


def _check_read_confirmation_roles(site: Site) -> None:
    """Who must confirm having read the guideline is named by role ids, as modules name theirs: each must exist."""
    if site.guideline is None or site.roles is None:
        return
    names = site.role_names()
    meta = site.guideline
    found = [
        (meta.document, ("read_confirmation_roles", i), role)
        for i, role in enumerate(meta.metadata.read_confirmation_roles)
    ]
    if site.edition and site.edition.edition.read_confirmation_roles is not None:
        found += [
            (site.edition.document, ("read_confirmation_roles", i), role)
            for i, role in enumerate(site.edition.edition.read_confirmation_roles)
        ]
    site.add(
        "rollene",
        [
            document.error(
                path,
                f"rolla «{role}» finst ikkje i roles/; kjende roller er {', '.join(sorted(names))}.{did_you_mean(role, names)}",
            )
            for document, path, role in found
            if role not in names
        ],
    )


def read_confirmation_roles(site: Site) -> list[str]:
    """The roles that must confirm having read the version in force: the trust's own, else the region's."""
    if site.edition and site.edition.edition.read_confirmation_roles is not None:
        return list(site.edition.edition.read_confirmation_roles)
    return list(site.guideline.metadata.read_confirmation_roles) if site.guideline else []


def _load_edition(site: Site, edition_id: str, day: dt.date) -> None:
    """A trust's edition: its texts must fill choices the content has; approved only by the rules of
    content/editions.py; and on the public pages no slot may be left for a patient to read."""
    try:
        site.edition = load_edition(site.settings.root, edition_id)
    except ContentErrors as exc:
        site.add("utgåva", exc.errors)
        return
    slots = {choice_id: [f"{p.file}:{p.line}" for p in points] for choice_id, points in site.local_choices.items()}
    errors = check_slots(site.edition, slots)
    errors += edition_approval_errors(site.edition, slots, [v.version for v in site.archive], day)
    try:
        site.edition_archive = load_edition_archive(site.settings.root, edition_id)
    except ContentErrors as exc:
        errors += exc.errors
    errors += archive_errors(site.edition, site.edition_archive)
    if site.edition_archive and site.guideline:
        # «Kva er endra» in the edition: the shared text since the regional version its approved version built on,
        # and the trust's own texts since that approval.
        last = site.edition_archive[-1]
        base = next((v for v in site.archive if v.version == last.record.guideline_version), None)
        site.changes = compare(base.guideline, site.guideline) if base else site.changes
        site.local_changes = changed_local_texts(last.edition, site.edition.edition)
    if site.settings.public:
        name = site.edition.edition.name
        # A statement KE has not checked against the law is not published to patients either.
        errors += [
            ContentError(
                point.file,
                point.line,
                (
                    f"boksen «{point.title}» er eit punkt KE ikkje har kontrollert mot lova, og dei offentlege sidene til {name} skal ikkje "
                    "vise pasientar noko som ikkje er kontrollert: KE skriv det kontrollerte inn i teksten og tek bort boksen"
                ),
            )
            for point, _ in site.open_points_elsewhere
            if point.kind == "ke-sjekk"
        ]
        errors += [
            ContentError(
                point.file,
                point.line,
                (
                    f"det lokale valet «{choice_id}» er ikkje fylt ut i utgåva til {name}, og ein pasient skal aldri lese ein plasshaldar: "
                    f"fyll det ut under local_choices i {site.edition.file} før dei offentlege sidene blir bygde"
                ),
            )
            for choice_id, points in site.local_choices.items()
            if choice_id not in site.edition.edition.local_choices
            for point in points
        ]
    site.add("utgåva", errors)


def _markdown_files(settings: Settings) -> list[Path]:
    folders = [settings.docs_dir]
    if guideline_dir := settings.sources.get("guideline"):
        folders.append(settings.root / guideline_dir)
    return sorted({path.resolve() for folder in folders if folder.is_dir() for path in folder.rglob("*.md")})


# The checks of each Markdown file's text (a third of the preview's loading at 10x content), and the cues of each
# module (a fifth), kept in memory for the next rebuild (content.memo); `checked` and `cues_of` keep them on disk for
# the next build.
_CHECKED: Memo[list[ContentError]] = Memo(4096)
_CUES: Memo[list[Cue]] = Memo(4096)


def _check_markdown(settings: Settings) -> list[ContentError]:
    root = settings.root.resolve()
    errors: list[ContentError] = []
    for path in _markdown_files(settings):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            text = read_text(path, name)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        errors += _CHECKED.get((digest(text), name), checked, text, name)
    return errors


def _load_guideline(site: Site, source: str, day: dt.date) -> None:
    root = site.settings.root
    try:
        guideline = load_guideline(root, source)
    except ContentErrors as exc:
        # The other parts are still checked, so that every mistake is reported in one build.
        site.add("retningslinja", exc.errors)
        return
    site.guideline = guideline
    site.warnings += unknown_references(guideline)
    for chapter in guideline.chapters:
        site.warnings += unmarked_law_quotes(chapter.body, chapter.heading.file, chapter.body_line)
    site.archive, errors = check_approval(root, guideline, source, day)
    site.add("godkjenninga", errors)
    site.changes = compare(site.archive[-1].guideline, guideline) if site.archive else []


def _load_modules(site: Site, source: str, section_ids) -> None:
    try:
        site.modules = load_modules(site.settings.root, source, section_ids)
    except ContentErrors as exc:
        site.add("opplæringa", exc.errors)
        return
    roles = site.role_names() if site.roles else None
    errors = []
    for loaded in site.modules:
        if loaded.module.id in TRAINING_PAGES:
            errors.append(
                loaded.document.error(
                    ("id",), f"«{loaded.module.id}» er namnet på ei side som bygget lagar sjølv; vel ein annan modul-id"
                )
            )
        for index, role in enumerate(loaded.module.target_roles):
            if roles is not None and role not in roles:
                known = ", ".join(sorted(roles)) or "ingen"
                errors.append(
                    loaded.document.error(
                        ("target_roles", index),
                        f"rolla «{role}» finst ikkje i roles/; kjende roller er {known}.{did_you_mean(role, roles)}",
                    )
                )
    site.add("opplæringa", errors)
    if site.roles:
        site.add("rollene", _roles_and_modules(site.roles, {m.module.id: m for m in site.modules}))
    # Warnings, not errors: a strict build still fails, and the preview shows the page while the editor rewrites.
    for loaded in site.modules:
        # The module is made from its document's text alone, so that text (kept compressed) is the cues' key.
        for cue in _CUES.get(loaded.document.packed, cues_of, loaded.document.packed, loaded.module):
            site.warnings.append(
                loaded.document.error(cue.path, f"modulen «{loaded.module.id}» røper svar: {cue.message}")
            )
    _local_choice_questions(site)
    _pools(site)
    _changed_citations(site)


def _pools(site: Site) -> None:
    """An item bank: each pool holds at least twice what an attempt draws from it, so that two attempts share about
    half their questions and a retake is not a memory test. A warning, so that a strict build waits for more items."""
    for loaded in site.modules:
        module = loaded.module
        for kind, pool, drawn, path in (
            ("enkeltspørsmål", len(module.standalone()), module.drawn()[0], ("draw", "questions")),
            ("casar", len(module.cases()), module.drawn()[1], ("draw", "cases")),
        ):
            if drawn and pool < 2 * drawn:
                site.warnings.append(
                    loaded.document.error(
                        path if module.draw else ("questions",),
                        (
                            f"modulen «{module.id}» trekkjer {drawn} {kind} per forsøk, men har berre {pool} å trekkje frå; med færre enn "
                            f"{2 * drawn} får to forsøk for mange spørsmål felles. Skriv fleire {kind}, eller trekk færre"
                        ),
                    )
                )


def _local_choice_questions(site: Site) -> None:
    """A question that cites only sections holding a local choice tests what each trust decides for itself, and
    would teach the wrong thing in a trust that decided otherwise: a warning at the question's references."""
    if site.guideline is None:
        return
    local = {p.section_id: p for p in site.guideline.open_points if p.kind == "lokalt-val"}
    for loaded in site.modules:
        for index, item in enumerate(loaded.module.questions):
            paths = (
                [(q, ("questions", index, "questions", n)) for n, q in enumerate(item.questions)]
                if isinstance(item, Case)
                else [(item, ("questions", index))]
            )
            for question, path in paths:
                if question.refs and all(ref in local for ref in question.refs):
                    choices = ", ".join(f"«{local[ref].choice_id}» ({ref})" for ref in question.refs)
                    site.warnings.append(
                        loaded.document.error(
                            (*path, "refs"),
                            (
                                f"spørsmålet «{question.id}» viser berre til avsnitt der regelen er eit lokalt val: {choices}. Kvart helseføretak "
                                "avgjer det sjølv, så spørsmålet kan lære bort noko som er feil i eit helseføretak. Prøv den regionale regelen, "
                                "og vis til avsnittet der han står"
                            ),
                        )
                    )


def _roles_and_modules(roles: Roles, modules: dict[str, ModuleFile]) -> list[ContentError]:
    """Roles and training modules name each other (modules / target_roles): both sides must agree."""
    errors = []
    for loaded in roles.roles:
        role, document = loaded.role, loaded.document
        for index, module_id in enumerate(role.modules):
            if module_id not in modules:
                errors.append(
                    document.error(
                        ("modules", index),
                        f"modulen «{module_id}» finst ikkje i opplæringa; kjende modular er {', '.join(sorted(modules)) or 'ingen'}",
                    )
                )
            elif role.id not in modules[module_id].module.target_roles:
                errors.append(
                    document.error(
                        ("modules", index),
                        f"rolla krev modulen «{module_id}», men {modules[module_id].file} har ikkje «{role.id}» i target_roles; ta med rolla der, eller ta modulen bort her",
                    )
                )
        for module_id, loaded_module in sorted(modules.items()):
            if role.id in loaded_module.module.target_roles and module_id not in role.modules:
                errors.append(
                    document.error(
                        ("modules",),
                        f"{loaded_module.file} har «{role.id}» i target_roles, men rolla listar ikkje modulen «{module_id}»; legg han til under modules",
                    )
                )
    return errors


def _changed_citations(site: Site) -> None:
    """A question whose cited section was reworded since its module's version was set must be looked at again.
    A warning, so that the pull request's strict build waits for the editor to raise the version."""
    settings, guideline = site.settings, site.guideline
    guideline_dir = settings.sources.get("guideline")  # set whenever there is a guideline
    if guideline is None or guideline_dir is None or not site.modules or not settings.check_history:
        return
    root = settings.root
    checked_out = head(root)
    if checked_out is None:
        return  # no history to compare with
    if checked_out[1]:
        site.notes.append(
            "git-historikken er avkorta (shallow clone), så spørsmål som viser til omskrivne avsnitt blir ikkje sjekka; hent heile historikken (i CI: fetch-depth: 0)"
        )
        return
    for loaded in site.modules:
        module = loaded.module
        version_line = loaded.document.line_of(("version",))
        assert version_line is not None, "a loaded module has a version"
        since = version_set(root, loaded.file, version_line, settings.time_zone, checked_out[0])
        if since is None:
            continue
        then = texts_at(root.resolve(), since.commit, guideline_dir)
        minor, major = next_versions(module.version)
        for found in changed_citations(module, then, guideline):
            section = found.section
            site.warnings.append(
                loaded.document.error(
                    found.path,
                    (
                        f"spørsmålet «{found.question_id}» viser til {section.label} «{section.title}», "
                        f"som er skriven om sidan modulen fekk versjon {module.version} ({norwegian_date(since.date)}; skilnaden: git diff {since.commit[:10]} -- {section.file}). "
                        f'Sjå over spørsmålet og fasiten mot teksten no, og set så version: "{minor}", eller "{major}" om alle må ta modulen på nytt'
                    ),
                )
            )


def _load_pages(site: Site) -> None:
    """The hand-written pages: front matter, owner and review date where required, references to the guideline,
    open-point boxes, and which page is the other standard's counterpart of which."""
    settings = site.settings
    docs = settings.docs_dir
    if not docs.is_dir():
        return
    generated = _generated_names(site)
    errors: list[ContentError] = []
    found = {}
    for path in sorted(docs.rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in src_uri.split("/")):
            continue  # MkDocs leaves out hidden files and folders
        name = f"{settings.docs_name}/{src_uri}"
        if src_uri in generated:
            errors.append(
                ContentError(
                    name,
                    None,
                    f"{name} har same adresse som ei side i {generated[src_uri]}; flytt fila i docs/ eller gje henne eit anna namn",
                )
            )
            continue
        try:
            text = read_text(path, name)
            front, body_line = None, 1
            if text.startswith("---"):
                front, _, body_line = split_front_matter(text, name)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        found[src_uri] = (name, text, front, body_line)
    pairs, languages = _pair_translations(site, set(found))
    for src_uri, (name, text, front, body_line) in found.items():
        review = None
        if any(src_uri.startswith(folder) for folder in settings.reviewed):
            if front is None:
                errors.append(ContentError(name, 1, MISSING_REVIEW))
            else:
                try:
                    review = validate(PageReview, front)
                except ContentErrors as exc:
                    errors += exc.errors
        language = (front.data.get("lang") if front and isinstance(front.data, dict) else None) or languages.get(
            src_uri, settings.language
        )
        site.pages[src_uri] = Page(src_uri, name, text, front, body_line, language, review, pairs.get(src_uri))
        _check_references(site, name, text)
        boxes, box_errors = find_boxes(text, name)
        site.warnings += box_errors
        site.open_points_elsewhere += [
            (OpenPoint(box.kind, box.title, name, box.index + 1, None, box.choice_id), src_uri) for box in boxes
        ]
    site.add("sidene", errors)


def _generated_names(site: Site) -> dict[str, str]:
    """Paths in the docs folder that the build writes itself, and which part writes them (with the source file)."""
    addresses = site.addresses
    names: dict[str, str] = {}
    sources = site.settings.sources
    if site.guideline:
        meta = site.guideline.metadata_file
        names |= {addresses.guideline_page(page): f"retningslinja ({meta})" for page in GUIDELINE_PAGES}
        names |= {addresses.guideline_page(c.id): f"retningslinja ({c.heading.file})" for c in site.guideline.chapters}
    if sources.get("modules"):
        names |= {addresses.training_page(page): "opplæringa" for page in TRAINING_PAGES}
        names |= {addresses.training_page(m.module.id): f"opplæringa ({m.file})" for m in site.modules}
    if sources.get("roles"):
        names |= {addresses.role_page(page): "rollene" for page in ROLE_PAGES}
        if site.roles:
            names |= {addresses.role_page(r.role.id): f"rollene ({r.file})" for r in site.roles.roles}
    if sources.get("checklist"):
        names[addresses.checklist] = f"sjekklista ({sources['checklist']})"
    return names


def _pair_translations(site: Site, pages: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each page's counterpart in the other written standard, and the language of the translated folder's pages.
    A page without its counterpart is a warning naming the file to create."""
    settings = site.settings
    home, other = settings.language, settings.other_language
    pairs, languages = {}, {}
    for folder, translated in settings.translated.items():
        # "" is the docs folder itself (the public build's docs folder holds only the patient pages).
        folder, translated = _prefix(folder), _prefix(translated)
        originals = {p[len(folder) :] for p in pages if p.startswith(folder) and not p.startswith(translated)}
        translations = {p[len(translated) :] for p in pages if p.startswith(translated)}
        for name in sorted(originals | translations):
            if name not in translations:
                site.warnings.append(
                    ContentError(
                        f"{settings.docs_name}/{folder}{name}",
                        None,
                        f"manglar utgåve på {LANGUAGES[other]}; opprett {settings.docs_name}/{translated}{name}",
                    )
                )
            elif name not in originals:
                site.warnings.append(
                    ContentError(
                        f"{settings.docs_name}/{translated}{name}",
                        None,
                        f"manglar utgåve på {LANGUAGES[home]}; opprett {settings.docs_name}/{folder}{name}",
                    )
                )
            else:
                pairs[folder + name], pairs[translated + name] = translated + name, folder + name
            if name in translations:
                languages[translated + name] = other
    return pairs, languages


def _prefix(folder: str) -> str:
    folder = folder.strip("/")
    return f"{folder}/" if folder else ""


def _check_references(site: Site, name: str, text: str) -> None:
    """A `retningslinje:` reference on a hand-written page to an id no heading has: a warning at its line."""
    if site.guideline is None:
        return
    for ref in find_references(text):
        if site.guideline.section(ref.section_id) is None:
            site.warnings.append(
                ContentError(name, ref.line, unknown_id_message(ref.section_id, site.guideline.section_ids))
            )
