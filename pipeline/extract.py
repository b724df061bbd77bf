"""Extraction: source documents and page templates become message templates (``.pot``).

Each document in ``source/`` gives ``locales/<doc>.pot``; the page templates'
own texts (and the configured site name) give ``locales/ui.pot``, extracted
with Babel's Jinja2 extractor. A template is rewritten only when its messages
change, so a second ``extract`` leaves every file as it was. Documents are
found and parsed by ``sources`` (``load_documents`` is importable from here too).
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import polib

from .cache import KeptAnswers, digest
from .config import Project
from .errors import SourceError
from .files import inside, write_if_changed
from .pofile import WRAP_WIDTH, new_po_file, po_text, read_po
from .sources import UI_DOMAIN, Document, SourceFormat, default_format, find_documents, require_home
from .sources import load_documents as load_documents  # importable from here too (see above)

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
# gettext's own keywords, as Jinja2's i18n extension calls them.
UI_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
# "silent": false makes a template syntax error an error instead of an empty result.
JINJA_OPTIONS = {"trimmed": "true", "silent": "false"}


@dataclass
class TemplateMessage:
    """A message to translate, gathered from every place it occurs."""

    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    locations: list[tuple[str, int | None]] = field(default_factory=list)  # no line: the whole file
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class Domain:
    """The messages of one catalogue domain: a document, or the UI."""

    name: str
    messages: list[TemplateMessage]
    description: str  # for the template's header comment


def document_domain(project: Project, document: Document) -> Domain:
    segments = ((segment.text, segment.line, segment.kind) for segment in document.segments)
    return _document_domain(document.name, project.relative(document.path), segments)


def _document_domain(name: str, shown: str, segments: Iterable[tuple[str, int, str]]) -> Domain:
    """A document's domain from its segments: (text, line, kind), in the document's order."""
    messages: dict[str, TemplateMessage] = {}
    for text, line, kind in segments:
        message = messages.setdefault(text, TemplateMessage(msgid=text))
        message.locations.append((shown, line))
        if kind not in message.comments:
            message.comments.append(kind)
    return Domain(name, list(messages.values()), f"Messages of {shown}")


DOCUMENT_MESSAGES = ".build/document-messages.json"  # under output/: each document's segments, by its content's hash


def document_messages_kept(project: Project) -> KeptAnswers:
    """The documents' segments a command read, kept in build space for the next (``all_domains``)."""
    return KeptAnswers(project, DOCUMENT_MESSAGES, "document messages")


def kept_document_domain(project: Project, name: str, path: Path, format: SourceFormat, kept: KeptAnswers) -> Domain:
    """A document's domain, from build space when an earlier command read this content: an update with
    nothing changed parses no document (60% of such an update of the large benchmark's 300)."""
    shown = project.relative(path)
    try:
        content = path.read_bytes()
    except OSError:
        content = None  # said by the parser, as it says it
    key = f"{format.suffix}:{digest(content)}" if content is not None else ""
    answer = kept.get(key) if key else None
    if answer is not None:
        try:
            return _document_domain(name, shown, ((str(text), int(line), str(kind)) for text, line, kind in answer))
        except (TypeError, ValueError):  # not as this version writes them: read again
            pass
    document = format.parse(path, shown)
    try:
        unchanged = content is not None and path.read_bytes() == content
    except OSError:
        unchanged = False
    if unchanged:  # not changed while it was parsed: these segments are this content's
        kept.put(key, [[segment.text, segment.line, segment.kind] for segment in document.segments])
    return document_domain(project, document)


def template_files(project: Project) -> dict[str, tuple[Path, str]]:
    """The page templates in effect: name -> (file, name shown in references).

    The built-in templates ship in the package; a file of the same name in the
    project's templates folder replaces one.
    """
    found: dict[str, tuple[Path, str]] = {}
    builtin = resources.files("pipeline") / "templates"
    for entry in sorted(builtin.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(TEMPLATE_SUFFIXES):
            found[entry.name] = (Path(str(entry)), f"pipeline/templates/{entry.name}")
    if project.templates_dir is not None:
        for path in sorted(project.templates_dir.iterdir()):
            if path.name.endswith(TEMPLATE_SUFFIXES):
                inside(path, project.source_dir, project.relative(path))
                found[path.name] = (path, project.relative(path))
    return dict(sorted(found.items()))


TEMPLATE_TEXTS = ".build/template-texts.json"  # under output/: each page template's texts, by its content's hash


class TemplateText(NamedTuple):
    """A translatable text of a page template, as Babel's Jinja2 extractor found it."""

    line: int
    singular: str
    plural: str
    comments: list[str]
    context: str | None
    python_format: bool  # as gettext's xgettext marks it: the text holds %s, %(name)s, ...


@functools.lru_cache(maxsize=64)
def _template_texts(content: bytes) -> tuple[TemplateText, ...]:
    """A template's translatable texts, by Babel's Jinja2 extractor.

    Kept per content for the life of the process: Jinja2 parses a template in milliseconds, and the
    preview server and the API's callers extract the same templates at every update (a failure is
    not kept, so a fixed template is read again).
    """
    from babel.messages.catalog import Message  # lazy: a build finds the texts in build space (ui_domain)
    from babel.messages.extract import extract as babel_extract

    texts = []
    for line, text, comments, context in babel_extract(
        "jinja2.ext:babel_extract",
        io.BytesIO(content),
        keywords=UI_KEYWORDS,
        comment_tags=("Translators:",),
        options=JINJA_OPTIONS,
        strip_comment_tags=True,
    ):
        singular, plural = (text[0], text[1]) if isinstance(text, tuple) else (text, "")
        python_format = bool(Message(singular, context=context).python_format)
        texts.append(TemplateText(line, singular, plural, list(comments), context, python_format))
    return tuple(texts)


def _kept_template_texts(content: bytes, kept: KeptAnswers) -> tuple[TemplateText, ...]:
    """A template's texts, from build space when an earlier command extracted this content."""
    key = digest(content)
    answer = kept.get(key)
    if answer is not None:
        try:
            return tuple(TemplateText(*text) for text in answer)
        except TypeError:  # not as this version writes them: extracted again
            pass
    texts = _template_texts(content)
    kept.put(key, texts)
    return texts


def ui_domain(project: Project, kept: KeptAnswers) -> Domain:
    """The templates' own texts, extracted with Babel's Jinja2 extractor, and the site name.

    A template whose content an earlier command extracted (``kept``: ``template_texts_kept``) is not
    parsed again: ~40 ms of a small site's build, with Babel's extraction modules to import (and,
    for ``update``, Jinja2).
    """
    messages: dict[tuple[str | None, str], TemplateMessage] = {}
    site = TemplateMessage(
        msgid=project.site_name,
        # The file without a line: a line number here would move with every edit of pyproject.toml (a new
        # dependency, say) and rewrite every language's ui.po for nothing. GNU gettext allows a bare file name.
        locations=[(project.relative(project.config_path), None)],
        comments=["the site's name, shown on every page (site-name in the configuration)"],
    )
    messages[site.key] = site
    for path, shown in template_files(project).values():
        try:
            found = _kept_template_texts(path.read_bytes(), kept)
        except OSError as error:
            raise SourceError(f"template cannot be read: {error.strerror}", shown) from None
        except Exception as error:  # Jinja2 reports template syntax errors with their line
            line = getattr(error, "lineno", None)
            raise SourceError(
                f"template cannot be read: {getattr(error, 'message', None) or error}", shown, line
            ) from None
        for text in found:
            key = (text.context, text.singular)
            message = messages.setdefault(
                key, TemplateMessage(msgid=text.singular, msgid_plural=text.plural, msgctxt=text.context)
            )
            message.locations.append((shown, text.line))
            for comment in text.comments:
                if comment not in message.comments:
                    message.comments.append(comment)
            if text.python_format and "python-format" not in message.flags:
                message.flags.append("python-format")
    return Domain(UI_DOMAIN, list(messages.values()), "Texts of the page templates")


def template_texts_kept(project: Project) -> KeptAnswers:
    """The page templates' texts a command extracted, kept in build space for the next (``ui_domain``)."""
    return KeptAnswers(project, TEMPLATE_TEXTS, "template texts")


def all_domains(project: Project, kept: KeptAnswers, kept_documents: KeptAnswers) -> list[Domain]:
    """Every domain of the site: one per document, in name order, then the page templates' (``ui``).

    A template or document whose content an earlier command read (``kept``: ``template_texts_kept``;
    ``kept_documents``: ``document_messages_kept``) is not read again.
    """
    format = default_format()
    paths = find_documents(project, format)
    require_home(project, paths)
    domains = [kept_document_domain(project, name, path, format, kept_documents) for name, path in paths.items()]
    return [*domains, ui_domain(project, kept)]


def template_catalogue(project: Project, domain: Domain, created: str) -> polib.POFile:
    comment = (
        f"{domain.description}, for translation into the languages of {project.site_name}.\n"
        "Made by `pipeline extract`: do not edit. Translators edit\n"
        f"locales/<language>/LC_MESSAGES/{domain.name}.po instead."
    )
    # Templates have no language; gettext's neutral default plural formula, replaced per language.
    plural_forms = "nplurals=2; plural=(n != 1);" if any(message.msgid_plural for message in domain.messages) else None
    catalogue = new_po_file(comment, f"{project.site_name} ({domain.name})", created, plural_forms=plural_forms)
    for message in domain.messages:
        catalogue.append(
            polib.POEntry(
                msgid=message.msgid,
                msgid_plural=message.msgid_plural,
                msgctxt=message.msgctxt,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if message.msgid_plural else {},
                occurrences=[(path, "" if line is None else str(line)) for path, line in message.locations],
                comment="\n".join(message.comments),
                flags=list(message.flags),
            )
        )
    return catalogue


def creation_date() -> str:
    """The date a changed template is stamped with: SOURCE_DATE_EPOCH if set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch) if epoch and epoch.isdigit() else time.time(), tz=UTC)
    return moment.strftime("%Y-%m-%d %H:%M%z")


@dataclass
class TemplatePlan:
    """A template as extraction made it, and whether the file must be rewritten."""

    domain: Domain
    path: Path
    template: polib.POFile
    changed: bool
    text: str  # the template file's text, as written (or as it will be)


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


TEMPLATE_LAYOUTS = ".build/template-layouts.json"  # under output/: the hash of each template's text, by its inputs


def template_layouts_kept(project: Project) -> KeptAnswers:
    """The hashes of the templates' texts a command laid out, by what they were made from (``plan_template``)."""
    return KeptAnswers(project, TEMPLATE_LAYOUTS, "template layouts")


def _template_inputs(project: Project, domain: Domain, created: str) -> str:
    """A key for everything ``template_catalogue`` makes a template from."""
    messages = [
        [message.msgid, message.msgid_plural, message.msgctxt, message.locations, message.comments, message.flags]
        for message in domain.messages
    ]
    return digest(json.dumps([domain.name, domain.description, project.site_name, created, messages]))


def plan_template(project: Project, domain: Domain, layouts: KeptAnswers) -> TemplatePlan:
    """The template of ``domain``; ``changed`` only when its messages differ from the file's.

    A template made from what an earlier command made the file's text from (``layouts``:
    ``template_layouts_kept``) is known to be unchanged without laying it out again.
    """
    path = project.template_path(domain.name)
    try:
        written: str | None = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        written = None  # no template yet, or one that only the PO reader can say what is wrong with
    # Keep the old date when nothing else changed: no churn in version control.
    date = _CREATION_DATE.search(written) if written is not None else None
    if date is not None:
        kept = template_catalogue(project, domain, date[1])
        inputs = _template_inputs(project, domain, date[1])
        if written is not None and layouts.get(inputs) == digest(written):
            return TemplatePlan(domain, path, kept, False, written)  # the text these inputs make: the file's
        text = po_text(kept)
        layouts.put(inputs, digest(text))
        if text == written:  # the file this tool wrote last time: the commonest case, without reading it as PO
            return TemplatePlan(domain, path, kept, False, text)
    if path.exists():
        previous = read_po(path, project.relative(path))  # laid out by another tool, perhaps: compared as PO
        kept = template_catalogue(project, domain, previous.metadata.get("POT-Creation-Date", ""))
        text = po_text(kept)
        if text == po_text(previous):
            return TemplatePlan(domain, path, kept, False, text)
        if _without_places(kept) == _without_places(previous):
            # Only the places (`#:` line numbers) moved: the file is rewritten, its date kept.
            return TemplatePlan(domain, path, kept, True, text)
    template = template_catalogue(project, domain, creation_date())
    return TemplatePlan(domain, path, template, True, po_text(template))


def _without_places(template: polib.POFile) -> str:
    """A template's text as it would be without its references: what its date stands for."""
    bare = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    bare.header, bare.metadata = template.header, template.metadata
    for entry in template:
        bare.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                msgstr_plural=entry.msgstr_plural,
                comment=entry.comment,
                flags=entry.flags,
                obsolete=entry.obsolete,
            )
        )
    return po_text(bare)


def write_template(project: Project, plan: TemplatePlan) -> bool:
    if not plan.changed:
        return False
    return write_if_changed(plan.path, plan.text.encode("utf-8"), project.locales_dir)
