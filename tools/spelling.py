"""Spelling and language mix in the content: a warning for editors, not a build failure.

The prose of the Markdown pages (docs/**/*.md, guideline/*.md) and the text fields of the content YAML
(quizzes/, roles/, checklist/, guideline/retningslinje.yml) is checked with hunspell: nynorsk against nn_NO, the
bokmål pages (docs/pasient/nb/, or front matter `lang: nb`) against nb_NO, both with the project's own word list
spelling/ordliste.txt. A word nn_NO rejects but nb_NO accepts is a bokmål form in nynorsk text, and the other way
round on a bokmål page. Code, URLs, link targets, {#ids}, HTML tags, front matter keys and admonition types are left
out. Every skipped part is replaced by spaces, so that a word's line is its line in the file.

One form per recurring term: spelling/termar.txt names the form the content uses and the variants it replaces
(«vilkåret: vilkåra»), and a variant in nynorsk text is a finding that names the form to use.

Run `python -m tools.spelling` (`make spelling`); exit code 0 (a warning) unless --strict is given. Needs the
hunspell command and Debian's hunspell-no (nn_NO and nb_NO). No MkDocs import here."""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from content.markdown import FRONT_MATTER, prose_lines

ROOT = Path(__file__).resolve().parent.parent
WORD_LIST = "spelling/ordliste.txt"
TERMS = "spelling/termar.txt"
NB_FOLDERS = ("docs/pasient/nb/",)
YAML_FILES = ("quizzes/*.y*ml", "roles/*.y*ml", "checklist/*.y*ml", "guideline/*.y*ml")
MARKDOWN_FILES = ("docs/**/*.md", "guideline/*.md")
# Content YAML fields that hold ids, dates, versions or choices, not prose.
STRUCTURAL_KEYS = {
    "id",
    "type",
    "refs",
    "task",
    "part",
    "target_roles",
    "modules",
    "version",
    "status",
    "document_id",
    "chapters",
    "date",
    "review_by",
    "valid_from",
    "approved_date",
    "correct",
    "answer",
    "aliases",
    "read_confirmation_roles",
}
# Front matter is mostly settings for MkDocs: only these keys hold prose.
FRONT_MATTER_PROSE = {"title", "summary", "description"}
DICTIONARY = {"nn": "nn_NO", "nb": "nb_NO"}
INSTALL = "installer med «sudo apt-get install hunspell hunspell-no»"

# libyaml's parser when PyYAML has it: the same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Parts of Markdown that are not prose, in the order they are blanked out.
_NOT_PROSE = [
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"^[ \t]*--8<--.*$", re.MULTILINE),  # snippet includes
    re.compile(
        r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[^\"\n]*", re.MULTILINE
    ),  # admonition marker and type names, not the title
    re.compile(r"(`+)(?:(?!\1)[^\n]|\n(?![ \t]*\n))*?\1"),  # inline code (may run over a line, not over a paragraph)
    re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL),  # template tags
    re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>"),  # HTML tags with their attributes, autolinks
    re.compile(r"\b(?:https?|ftp|mailto|file):[^\s<>()\]]+|\bwww\.[^\s<>()\]]+"),  # bare URLs
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\]\((?:[^()\n]|\([^()\n]*\))*\)"),  # link and image targets: [text](target "title")
    re.compile(r"\]\[[^\]\n]*\]"),  # reference link labels: [text][label]
    re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.MULTILINE),  # reference definitions
    re.compile(
        r"\{:?[ \t]*(?:[#.]?[\w-]+(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^}\s]*))?[ \t]*)+\}"
    ),  # attribute lists: {#id}, { lang=nb }
    re.compile(r"&#?\w+;"),  # HTML entities
]
# Text marked as another language: [tekst](adresse){ lang=nb } and <span lang="nb">tekst</span>.
_LANGUAGE_SPANS = [
    re.compile(r"\[(?P<text>[^\]\n]*)\]\([^)\n]*\)\{[^}\n]*\blang=[\"']?(?P<lang>[\w-]+)"),
    re.compile(
        r"<(?P<tag>[A-Za-z][\w-]*)\b[^>]*\blang=[\"']?(?P<lang>[\w-]+)[^>]*>(?P<text>.*?)</(?P=tag)>", re.DOTALL
    ),
]
_ACCENTS = str.maketrans("éèêóòôùúÉÈÓÒ", "eeeooouuEEOO")
# Endings after a hyphen that inflect the word before it: KE-en, id-ane, IP-ar.
_ENDINGS = {"a", "ane", "ar", "ast", "e", "en", "ene", "ens", "er", "et", "ets", "i", "s"}
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# A word: letters, perhaps joined by hyphens or apostrophes; not a piece of a path, an address, a file name or a number.
_WORD = re.compile(r"(?<![\w@/\\.-])[^\W\d_]+(?:[-'’][^\W\d_]+)*(?![\w@/\\]|[-'’]?\d)")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    word: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: «{self.word}» – {self.problem}"


def _blank(text: str) -> str:
    """The text with every character replaced by a space, except line breaks."""
    return re.sub(r"[^\n]", " ", text)


def prose_of_markdown_text(text: str) -> str:
    """The prose of inline Markdown: everything else blanked out, positions kept."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(lambda m: _blank(m.group(0)), text)
    return text


def prose_of_markdown(text: str) -> tuple[str, str | None]:
    """The prose of a Markdown file (positions kept) and the language its front matter gives, if any."""
    language, head = None, ""
    front = FRONT_MATTER.match(text)
    if front:
        head, language = _prose_of_front_matter(front.group(0), front.start(1) if front.group(1) else front.end())
        text = text[front.end() :]
    prose = dict(prose_lines(text))
    lines = [prose.get(index, _blank(line)) for index, line in enumerate(text.split("\n"))]
    return head + prose_of_markdown_text("\n".join(lines)), language


def _prose_of_front_matter(block: str, start: int) -> tuple[str, str | None]:
    """Front matter (`block`, its YAML from `start`) with only the values of the prose keys left; and its `lang`."""
    kept = list(_blank(block))
    language = None
    try:
        node = yaml.compose(block[start : block.rindex("---")], Loader=_LOADER)
    except yaml.YAMLError:
        return "".join(kept), None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode) and key.value == "lang":
                language = value.value
            if isinstance(value, yaml.ScalarNode) and key.value in FRONT_MATTER_PROSE:
                a, b = start + value.start_mark.index, start + value.end_mark.index
                kept[a:b] = prose_of_markdown_text(block[a:b])
    return "".join(kept), language


def prose_of_yaml(text: str) -> str:
    """The text fields of a content YAML file (positions kept): every string value except ids, dates and the like."""
    kept = list(_blank(text))
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return "".join(kept)  # the build reports broken YAML with its line

    def walk(node, key: str | None) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                walk(value, str(key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, key)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and key not in STRUCTURAL_KEYS:
            a, b = node.start_mark.index, node.end_mark.index
            kept[a:b] = prose_of_markdown_text(text[a:b])

    walk(node, None)
    return "".join(kept)


def language_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, language) of the parts of a text marked as another language; nn or nb, or the code as given."""
    spans = []
    for pattern in _LANGUAGE_SPANS:
        for match in pattern.finditer(text):
            code = match["lang"].lower()
            spans.append((match.start("text"), match.end("text"), code[:2] if code[:2] in DICTIONARY else code))
    return spans


def words(prose: str):
    """(line, position, word) for each word of the prose; a hyphenated word as a whole. The first part of a compound
    that is shared («habiliterings- og rehabiliteringstiltak») keeps its hyphen."""
    line, position = 1, 0
    for match in _WORD.finditer(prose):
        line += prose.count("\n", position, match.start())
        position = match.start()
        shared = prose[match.end() : match.end() + 1] == "-"
        yield line, position, match.group(0) + ("-" if shared else "")


@dataclass(frozen=True)
class WordList:
    """spelling/ordliste.txt: one word a line, `ord/modellord` to inflect it like a word hunspell knows, and `nn` or
    `nb` after the word when it is right in one of the languages only; # starts a comment."""

    entries: tuple[tuple[str, str | None], ...] = ()  # (word or word/model, language or None for both)

    @classmethod
    def read(cls, path: Path) -> WordList:
        if not path.is_file():
            return cls()
        entries = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            fields = raw.split("#", 1)[0].split()
            if not fields:
                continue
            if len(fields) > 2 or (len(fields) == 2 and fields[1] not in DICTIONARY):
                raise ValueError(f"{WORD_LIST}:{number}: skriv eitt ord på linja, eventuelt med nn eller nb etter")
            entries.append((fields[0], fields[1] if len(fields) == 2 else None))
        return cls(tuple(entries))

    def words(self, language: str) -> set[str]:
        return {entry.split("/", 1)[0] for entry, only in self.entries if only in (None, language)}

    def hunspell_lines(self, language: str) -> list[str]:
        return [entry for entry, only in self.entries if only in (None, language)]


@functools.cache
def _variants(word: str) -> frozenset[str]:
    """The word as written, with a small first letter, and without nynorsk's accent marks (éin, òg). The first part
    of a shared compound (habiliterings-, barne-) also without its joining s or e."""
    if word.endswith("-"):
        word = word[:-1]
        return _variants(word) | (_variants(word[:-1]) if word[-1:] in ("s", "e") and len(word) > 3 else set())
    plain = word.translate(_ACCENTS)
    return frozenset({word, word[:1].lower() + word[1:], plain, plain[:1].lower() + plain[1:]})


def _parts(word: str) -> list[str]:
    """The parts of a hyphenated word that are checked: hunspell checks the parts, one letter is no word, and an
    ending after a hyphen (KE-en) or a Roman number (kapittel IV) is not checked on its own."""
    shared = word.endswith("-")
    pieces = re.split(r"[-'’]", word.rstrip("-"))
    parts = [
        piece
        for index, piece in enumerate(pieces)
        if len(piece) > 1 and not _ROMAN.match(piece) and not (index and piece.lower() in _ENDINGS)
    ]
    if shared and parts and parts[-1] == pieces[-1]:
        parts[-1] += "-"
    return parts


class Hunspell:
    """hunspell in -l mode (one word a line in, the words it does not know out) for one dictionary, with the
    project's word list as personal dictionary; answers are remembered."""

    def __init__(self, language: str, word_list: WordList, folder: Path) -> None:
        self.command = ["hunspell", "-d", DICTIONARY[language], "-i", "UTF-8", "-l"]
        lines = word_list.hunspell_lines(language)
        if lines:
            personal = folder / f"ordliste-{language}.dic"
            personal.write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.command += ["-p", str(personal)]
        self.known: dict[str, bool] = {}

    def check(self, candidates) -> None:
        new = sorted({word for word in candidates if word not in self.known})
        if not new:
            return
        result = subprocess.run(
            self.command, input="\n".join(new) + "\n", capture_output=True, encoding="utf-8", env=_env(), check=True
        )
        unknown = set(result.stdout.split())
        self.known.update((word, word not in unknown) for word in new)

    def knows(self, word: str) -> bool:
        """After check(): hunspell knows the word in one of its variants."""
        return any(self.known.get(variant) for variant in _variants(word))


def _splits(word: str):
    """Ways to read a long word as a compound of two words: (first part, with the joining s or e left out; last part)."""
    word = word.rstrip("-")
    for cut in range(3, len(word) - 3):
        first, last = word[:cut], word[cut:].lower()
        yield first, last
        if first[-1] in "se" and len(first) > 3:
            yield first[:-1], last


@dataclass(frozen=True)
class TermVariant:
    """One line of spelling/termar.txt read as a rule: `variant` (a word or words, any case) is to be written as
    `preferred`."""

    preferred: str
    variant: re.Pattern

    @classmethod
    def read(cls, path: Path) -> list[TermVariant]:
        rules = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines() if path.is_file() else [], 1):
            line = raw.split("#", 1)[0].strip()
            preferred, colon, variants = line.partition(":")
            forms = [form.split() for form in variants.split(",") if form.strip()]
            if line and not (colon and preferred.strip() and forms):
                raise ValueError(
                    f"{TERMS}:{number}: skriv forma vi brukar, eit kolon og formene ho erstattar, til dømes «vilkåret: vilkåra»"
                )
            # The words of a form in a row, also across a line break; not a piece of a longer word.
            rules += [
                cls(
                    preferred.strip(),
                    re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.IGNORECASE),
                )
                for words in forms
            ]
        return rules


def term_findings(root: Path) -> list[Finding]:
    """Every variant of a term in the nynorsk prose under `root` (the bokmål pages have their own forms)."""
    rules, found = TermVariant.read(root / TERMS), []
    for file, prose, language, spans in _sources(root) if rules else ():
        for rule in rules:
            for match in rule.variant.finditer(prose):
                if next((lang for start, end, lang in spans if start <= match.start() < end), language) == "nn":
                    line = prose.count("\n", 0, match.start()) + 1
                    found.append(
                        Finding(
                            file,
                            line,
                            " ".join(match.group(0).split()),
                            f"skriv «{rule.preferred}»: éi form for omgrepet (sjå {TERMS})",
                        )
                    )
    return found


def check(root: Path) -> list[Finding]:
    """Every finding in the content under `root`, sorted by file and line."""
    word_list = WordList.read(root / WORD_LIST)
    listed = {language: word_list.words(language) for language in DICTIONARY}

    def in_list(word: str, language: str) -> bool:
        return bool(_variants(word) & listed[language])

    occurrences: list[tuple[str, int, str, str]] = []  # file, line, word (or part of one), language
    for file, prose, language, spans in _sources(root):
        for line, position, word in words(prose):
            here = next((lang for start, end, lang in spans if start <= position < end), language)
            if here in DICTIONARY and not in_list(word, here):
                occurrences += [(file, line, part, here) for part in _parts(word) if not in_list(part, here)]

    candidates = {variant for _, _, word, _ in occurrences for variant in _variants(word)}
    with tempfile.TemporaryDirectory() as folder:
        hunspell = {language: Hunspell(language, word_list, Path(folder)) for language in DICTIONARY}
        for checker in hunspell.values():
            checker.check(candidates)
        # A word one dictionary lacks and the other knows is a form of the other language, unless it reads as a
        # compound of two words the first dictionary knows (nn_NO knows fewer compounds than nb_NO).
        other = {"nn": "nb", "nb": "nn"}
        mixed = {
            (word, language)
            for _, _, word, language in occurrences
            if not hunspell[language].knows(word) and hunspell[other[language]].knows(word)
        }
        for language in DICTIONARY:
            hunspell[language].check(
                piece for word, lang in mixed if lang == language for split in _splits(word) for piece in split
            )
        compound = {
            (word, language)
            for word, language in mixed
            if any(hunspell[language].knows(first) and hunspell[language].knows(last) for first, last in _splits(word))
        }
    problems = {
        "nn": ("bokmålsform i nynorsk tekst", f"ikkje i nn_NO-ordlista (legg det til i {WORD_LIST} om det er rett)"),
        "nb": ("nynorskform i bokmålstekst", f"ikkje i nb_NO-ordlista (legg det til i {WORD_LIST} om det er rett)"),
    }
    findings: dict[tuple[str, int, str], Finding] = {}
    for file, line, word, language in occurrences:
        if hunspell[language].knows(word):
            continue
        other_form = (word, language) in mixed and (word, language) not in compound
        findings.setdefault((file, line, word), Finding(file, line, word, problems[language][0 if other_form else 1]))
    for finding in term_findings(root):
        findings.setdefault((finding.file, finding.line, finding.word), finding)
    return sorted(findings.values(), key=lambda f: (f.file, f.line))


def _sources(root: Path):
    """(file, prose, language, language spans) for every content file, file relative to `root`."""
    for pattern in MARKDOWN_FILES:
        for path in sorted(root.glob(pattern)):
            file = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            prose, language = prose_of_markdown(text)
            language = str(language).lower()[:2] if language else ("nb" if file.startswith(NB_FOLDERS) else "nn")
            yield file, prose, language, language_spans(text)
    for pattern in YAML_FILES:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            yield path.relative_to(root).as_posix(), prose_of_yaml(text), "nn", language_spans(text)


def hunspell_available() -> str | None:
    """None when hunspell and both dictionaries are there; otherwise what is missing."""
    if not shutil.which("hunspell"):
        return "hunspell manglar"
    result = subprocess.run(["hunspell", "-D"], input="", capture_output=True, encoding="utf-8", env=_env())
    listed = result.stdout + result.stderr
    missing = [name for name in DICTIONARY.values() if f"/{name}" not in listed]
    return f"hunspell-ordlista {', '.join(missing)} manglar" if missing else None


def _env() -> dict[str, str]:
    """hunspell reads and writes UTF-8 in a UTF-8 locale, whatever the machine's own locale is."""
    return {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def report(findings: list[Finding]) -> str:
    """One line per finding, grouped by file, and the count."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    blocks = ["\n".join(str(f) for f in items) for items in by_file.values()]
    if not findings:
        summary = "Stavekontroll: ingen funn."
    else:
        summary = (
            f"Stavekontroll: {len(findings)} funn i {len(by_file)} filer. Rett skrivefeila; er ordet rett, "
            f"legg det til i {WORD_LIST}."
        )
    return "\n\n".join([*blocks, summary]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.spelling", description="Stavekontroll og språkblanding (nynorsk/bokmål) i innhaldet."
    )
    parser.add_argument("--strict", action="store_true", help="avslutt med kode 1 når det er funn")
    parser.add_argument("--root", type=Path, default=ROOT, help="prosjektmappa (standard: denne)")
    args = parser.parse_args(argv)
    missing = hunspell_available()
    if missing:
        print(f"Stavekontroll hoppa over: {missing}; {INSTALL}.", file=sys.stderr)
        return 2 if args.strict else 0
    try:
        findings = check(args.root)
    except ValueError as exc:  # a line in the word list or the term list that cannot be read
        print(f"Stavekontroll hoppa over: {exc}.", file=sys.stderr)
        return 2 if args.strict else 0
    sys.stdout.write(report(findings))
    return 1 if args.strict and findings else 0


if __name__ == "__main__":
    sys.exit(main())
