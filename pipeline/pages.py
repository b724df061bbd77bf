"""The site's pages around the documents: each document's page, the language index, the dashboard.

``Site`` knows what every page of one build shares (the published languages,
the addresses, the documents' dates) and renders a page from a document's
body and a language's translations; the body itself is its source format's
work (``render_body``), done in a build's first phase and kept as a ``Body``.
"""

from __future__ import annotations

import gettext
import html as html_module
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from babel.dates import format_date
from babel.numbers import format_percent
from jinja2 import Environment
from markupsafe import Markup

from .config import Project
from .errors import FrontMatterError
from .languages import Language, language
from .layout import catalogue_relative
from .render import Text, Untranslated
from .sitemap import Alternate, SitemapEntry, og_alternates, og_locale, sitemap_files
from .sources import Document, Lookup, SourceFormat
from .status import LanguageStatus


@dataclass(frozen=True)
class Link:
    href: str
    lang: Language
    current: bool = False
    percent: int = 100
    draft: bool = False  # the language's page shows machine drafts awaiting review
    progress: str = ""  # ``percent`` as the page's language writes it: "45%", "45 %", "%45"


@dataclass(frozen=True)
class NavItem:
    """One document in the site's navigation, as a reader of one language gets it."""

    href: str
    title: Text
    lang: Language  # the language of the page it leads to: the reader's, or the source language's
    current: bool = False
    fallback: bool = False  # not published in the reader's language: it leads to the original, and says so
    link: Markup = Markup("")  # its <a> as navigation-link.html makes it (``Site.navigation``, ``with_link``)

    def with_link(self, env: Environment, current: bool | None = None) -> NavItem:
        """The item (made the ``current`` page's, if given) and its link made for it."""
        item = self if current is None else replace(self, current=current)
        return replace(item, link=Markup(env.get_template("navigation-link.html").render(item=item)))


@dataclass(frozen=True)
class TocEntry:
    """One ``h2`` of a long page, in its table of contents."""

    id: str
    text: str
    lang: str | None = None  # the heading's own language where it is shown in the original's
    dir: str | None = None


TOC_MINIMUM = 4  # a page with this many h2 headings (with ids) gets a table of contents
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def table_of_contents(body_html: str) -> list[TocEntry]:
    """The ``h2`` headings of a rendered text that have an ``id``, if there are at least ``TOC_MINIMUM``."""
    entries = []
    for found in _H2.finditer(body_html):
        attributes = dict(_ATTRIBUTE.findall(found[1]))
        if "id" not in attributes:
            continue
        words = " ".join(html_module.unescape(_TAG.sub("", found[2])).split())
        entries.append(
            TocEntry(html_module.unescape(attributes["id"]), words, attributes.get("lang"), attributes.get("dir"))
        )
    return entries if len(entries) >= TOC_MINIMUM else []


def _split_after_title(body_html: str) -> tuple[str, str]:
    """The rendered text up to its ``h1`` (the table of contents goes after it), and the rest."""
    end = body_html.find("</h1>")
    if end < 0:
        return "", body_html
    end += len("</h1>")
    return body_html[:end], body_html[end:]


@dataclass
class Site:
    """What every page of one build shares: the published languages, the addresses, the dates."""

    project: Project
    published: list[Language]
    dates: dict[str, date | None]
    drafted: frozenset[Language] = frozenset()  # published languages whose pages show machine drafts
    pages: dict[Language, frozenset[str]] | None = None  # published language -> its pages; None: every one

    def url(self, lang: Language, document: str) -> str:
        return self.project.base_url + self.project.page_path(lang, document)

    def has_page(self, lang: Language, document: str) -> bool:
        return self.pages is None or document in self.pages.get(lang, frozenset())

    def languages_of(self, document: str) -> list[Language]:
        """The published languages ``document``'s page exists in, the source language first."""
        return [lang for lang in self.published if self.has_page(lang, document)]

    def alternates(self, document: str) -> list[Alternate]:
        alternates = [Alternate(lang.tag, self.url(lang, document)) for lang in self.languages_of(document)]
        # For the home page the language index is the neutral choice; elsewhere the original.
        default = self.project.base_url if document == self.project.home else alternates[0].url
        return alternates + [Alternate("x-default", default)]

    def navigation(
        self, env: Environment, lang: Language, current: str | None, root: str, entries: list[tuple[str, Text]]
    ) -> list[NavItem]:
        """The site's navigation on a page in ``lang``: ``entries`` are each document and its title as
        the reader gets it (in ``lang``, or the original's where the page is not published in ``lang``).
        ``env`` speaks ``lang``: it makes each item's link."""
        items = []
        for document, title in entries:
            shown = lang if self.has_page(lang, document) else self.project.source_language
            href = root + self.project.page_path(shown, document)
            items.append(NavItem(href, title, shown, document == current, shown != lang).with_link(env))
        return items

    def page(
        self,
        env: Environment,
        lang: Language,
        document: str,
        body: Body,
        ui: gettext.NullTranslations,
        navigation: list[NavItem] | None = None,
        pdf_url: str | None = None,
    ) -> bytes:
        """A document's page in ``lang``: its rendered ``body`` inside the page templates."""
        project, source = self.project, self.project.source_language
        path = project.page_path(lang, document)
        root = "../" * path.count("/")
        updated = self.dates.get(document)
        head, rest = _split_after_title(body.html)
        html = env.get_template("page.html").render(
            lang=lang,
            root=root,
            home_url=root + project.page_path(lang, project.home),
            languages_url=root,
            site_name=_text(ui.gettext(project.site_name), source, lang),
            title=body.title,
            description=body.description,
            url=self.url(lang, document),
            alternates=self.alternates(document),
            og_locale=og_locale(lang),
            og_alternates=og_alternates(lang, self.languages_of(document)),
            switcher=[
                Link(root + project.page_path(other, document), other, other == lang, draft=other in self.drafted)
                for other in self.languages_of(document)
            ],
            navigation=navigation or [],
            toc=table_of_contents(body.html),
            content=Markup(body.html),
            content_head=Markup(head),
            content_rest=Markup(rest),
            pdf_url=pdf_url,
            untranslated=body.fallbacks,
            drafts=body.drafts,
            original=Link(root + project.page_path(source, document), source),
            help_url=project.edit_url + catalogue_relative(lang.code, document) if project.edit_url else None,
            translated_page=lang != source,
            updated=_date_markup(updated, lang) if updated else None,
        )
        return html.encode("utf-8")

    def language_index(self, env: Environment, statuses: list[LanguageStatus]) -> bytes:
        project = self.project
        in_progress = []
        for status in statuses:
            if status.lang not in self.published:
                percent = int(status.counts.percent)
                progress = percent_text(percent, project.source_language)
                in_progress.append(Link("", status.lang, percent=percent, progress=progress))
        html = env.get_template("languages.html").render(
            lang=project.source_language,
            root="",
            home_url="./",
            site_name=Text(project.site_name),
            url=project.base_url,
            alternates=self.alternates(project.home),
            published=[
                Link(project.page_path(lang, project.home), lang, draft=lang in self.drafted) for lang in self.published
            ],
            in_progress=in_progress,
        )
        return html.encode("utf-8")

    def not_found(
        self,
        env: Environment,
        lang: Language,
        ui: gettext.NullTranslations,
        navigation: list[NavItem],
        every_language: bool = False,
    ) -> bytes:
        """A 404 page in ``lang``: ``<tag>/404.html``, or with ``every_language`` the site's own
        ``404.html`` (in the source language), which also links each published language's home by its name.

        A server shows it at any address, so its links start at the site's own path, not at the page's."""
        project, source = self.project, self.project.source_language
        root = site_path(project.base_url)
        html = env.get_template("404.html").render(
            lang=lang,
            root=root,
            home_url=root + project.page_path(lang, project.home),
            languages_url=root,
            site_name=_text(ui.gettext(project.site_name), source, lang),
            page_title=str(ui.gettext("Page not found")),  # the h1's text, in <title>: no markup
            navigation=navigation,
            languages=[
                Link(root + project.page_path(other, project.home), other, other == lang, draft=other in self.drafted)
                for other in self.published
            ]
            if every_language
            else [],
        )
        return html.encode("utf-8")

    def dashboard(self, env: Environment, statuses: list[LanguageStatus], domains: list[str]) -> bytes:
        return status_page(self.project, env, statuses, domains, self.published)

    def sitemaps(self, documents: list[str]) -> list[tuple[str, bytes]]:
        """``sitemap.xml`` (with, on a site past the protocol's limits, the sitemaps its index lists)."""
        entries = [SitemapEntry(self.project.base_url, self.alternates(self.project.home))]
        for document in documents:
            alternates = self.alternates(document)  # one list shared by the document's pages
            modified = self.dates.get(document)
            entries += [
                SitemapEntry(self.url(lang, document), alternates, modified) for lang in self.languages_of(document)
            ]
        return sitemap_files(entries, self.project.base_url)


@dataclass
class Body:
    """A document's text in one language, rendered, and what the page around it needs to know."""

    key: str  # what it was rendered from (see build)
    html: str
    fallbacks: int  # passages shown in the source language
    title: Text
    description: Text | None
    drafts: int = 0  # passages shown as machine drafts awaiting review
    weight: int | None = None  # front matter ``weight``: the document's place in the navigation

    def to_bytes(self) -> bytes:
        head = {
            "key": self.key,
            "fallbacks": self.fallbacks,
            "drafts": self.drafts,
            "weight": self.weight,
            "title": [self.title.text, self.title.fallback.code if self.title.fallback else None],
            "description": [
                self.description.text,
                self.description.fallback.code if self.description.fallback else None,
            ]
            if self.description
            else None,
        }
        return (json.dumps(head, ensure_ascii=False) + "\n" + self.html).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Body:
        first, html = data.decode("utf-8").split("\n", 1)
        head = json.loads(first)

        def text(value: list[str | None]) -> Text:
            return Text(str(value[0]), language(value[1]) if value[1] else None)

        description = text(head["description"]) if head["description"] else None
        weight = head.get("weight")
        return cls(head["key"], html, head["fallbacks"], text(head["title"]), description, head["drafts"], weight)

    @classmethod
    def head_of(cls, path: Path) -> Body:
        """A rendered text's title, description and weight, without its HTML (the navigation's need)."""
        with path.open("rb") as file:
            return cls.from_bytes(file.readline().rstrip(b"\n") + b"\n")


def render_body(
    key: str, format: SourceFormat, document: Document, lookup: Lookup, lang: Language, source: Language
) -> Body:
    """Render a document's text in ``lang`` with its format; ``lookup`` gives a message's published
    translation, or None."""
    rendered = format.render(document, lookup, lang, source)

    def text(message: str) -> Text:
        found = lookup(message)
        return Text(found, None) if found is not None else Text(message, source if lang != source else None)

    description = text(document.description) if document.description else None
    weight = document.front_matter.get("weight")
    if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int)):
        shown = f"{document.path.parent.name}/{document.path.name}"
        raise FrontMatterError(f"front matter weight {weight!r} must be a whole number such as 10", shown)
    return Body(key, str(rendered.html), rendered.fallbacks, text(document.title), description, rendered.drafts, weight)


def status_page(
    project: Project,
    env: Environment,
    statuses: list[LanguageStatus],
    domains: list[str],
    published: list[Language],
    root: str = "",
) -> bytes:
    """The translation dashboard (``output/status.html``, ``pipeline status --format html``)."""
    rows = []
    for status in statuses:
        counts = status.counts
        total = counts.total or 1
        translated, fuzzy = round(100 * counts.translated / total, 1), round(100 * counts.fuzzy / total, 1)
        draft = round(100 * counts.draft / total, 1)
        untranslated = round(100 - translated - draft - fuzzy, 1)
        shown = [percent_text(value, project.source_language, 1) for value in (translated, draft, fuzzy, untranslated)]
        catalogues = [
            CatalogueLink(domain, _catalogue_href(project, catalogue_relative(status.lang.code, domain), root))
            for domain in domains
            if domain not in status.missing
        ]
        rows.append(
            StatusRow(
                status=status,
                lang=status.lang,
                translated_percent=translated,
                fuzzy_percent=fuzzy,
                untranslated_percent=untranslated,
                draft_percent=draft,
                progress=f"{shown[0]} reviewed, {shown[1]} machine draft, {shown[2]} fuzzy, {shown[3]} untranslated",
                words_left=counts.words_left,
                page=root + project.page_path(status.lang, project.home) if status.lang in published else None,
                catalogues=catalogues,
            )
        )
    html = env.get_template("status.html").render(
        lang=project.source_language,
        root=root,
        home_url=root or "./",
        languages_url=root or "./",
        site_name=Text(project.site_name),
        threshold=f"{project.publish_threshold:g}",  # the bare number, for a project's own template
        threshold_percent=percent_text(project.publish_threshold, project.source_language, 1),
        rows=rows,
    )
    return html.encode("utf-8")


def _catalogue_href(project: Project, relative: str, root: str) -> str | None:
    """Where the dashboard links a catalogue (``relative`` to the project): the editor at ``edit-url``, or
    its copy in the site (``publish-catalogues``, at the same place); else nowhere, for the catalogues
    are beside the site, not in it, and a link to them would be dead once the site is published."""
    if project.edit_url:
        return project.edit_url + relative
    if project.publish_catalogues:
        return root + relative
    return None


@dataclass(frozen=True)
class CatalogueLink:
    name: str
    href: str | None  # None: shown without a link


@dataclass(frozen=True)
class StatusRow:
    status: LanguageStatus
    lang: Language
    translated_percent: float  # numbers, for the bar's widths
    fuzzy_percent: float
    untranslated_percent: float
    draft_percent: float
    progress: str  # the four as a reader of the dashboard's language reads them, for screen readers
    words_left: int
    page: str | None
    catalogues: list[CatalogueLink]


def percent_text(value: float, lang: Language, decimals: int = 0) -> str:
    """A percentage (0-100) as readers of ``lang`` write it, as Babel's CLDR data has it: "45%" in
    English, "45\u00a0%" in French, "%45" in Turkish; with up to ``decimals`` decimals, none if zero."""
    exact = Decimal(str(round(value, decimals))).normalize()
    return format_percent(exact / 100, locale=lang.locale, decimal_quantization=False)


def _date_markup(day: date, lang: Language) -> Markup:
    """The date written in ``lang``, marked as such: the label around it ("Last updated: ...") may be
    shown in the source language when it has no translation, and the date must still be read as
    ``lang`` (and laid out in its direction) by screen readers and browsers."""
    written = format_date(day, format="long", locale=lang.locale)
    return Markup('<time datetime="{}" lang="{}" dir="{}">{}</time>').format(
        day.isoformat(), lang.tag, lang.direction, written
    )


def site_path(base_url: str) -> str:
    """The path the site is published at (``/`` or ``/site/``), for pages a server shows at any address."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _text(found: str, source: Language, page: Language) -> Text:
    return Text(str(found), source if isinstance(found, Untranslated) and page != source else None)


def static_files(project: Project) -> dict[str, bytes]:
    """The stylesheet and icon, each replaceable by a file of the same name in the templates folder."""
    files = {}
    for entry in sorted((resources.files("pipeline") / "static").iterdir(), key=lambda item: item.name):
        own = project.templates_dir / entry.name if project.templates_dir is not None else None
        files[f"static/{entry.name}"] = own.read_bytes() if own is not None and own.is_file() else entry.read_bytes()
    return files
