"""The HTML builder: each document's page in each published language, the language index, the
dashboard, the stylesheet and icon.

A page is its document's text (rendered in phase one) inside the page
templates, with the page texts (``ui.po``) of its language. The Jinja2
environment is made, with the page template loaded, before worker processes
start: they inherit it instead of each compiling its own.
"""

from __future__ import annotations

from ..languages import Language
from ..layout import not_found_relative
from ..pages import NavItem, Site, site_path, static_files
from ..render import environment
from ..sources import UI_DOMAIN
from .assets import links_key, resolved_body
from .base import BuildContext, DocumentBuilder, PageTexts


class HtmlBuilder(DocumentBuilder):
    name = "html"

    def __init__(self, context: BuildContext) -> None:
        super().__init__(context)
        self.site = Site(context.project, context.published, context.dates, context.drafted, context.pages)
        self.env = environment(context.project, compiled_cache=True)
        self.page_texts = PageTexts(self.env, context)
        # The gettext calls go in before the template is loaded: how {% trans %} compiles depends on them.
        self.page_texts.speak(context.project.source_language)
        self.env.get_template("page.html")
        # Each language's navigation, per depth of page (its links' prefix): the same on every page but for
        # the current one, so worked out once (a site of 50 documents has 50 links on each of its pages).
        self._navigation: dict[tuple[str, str], tuple[list[str], list[NavItem]]] = {}

    def target(self, document: str, lang: Language) -> tuple[str, str]:
        # What a page is made of: its document's text, the page texts (ui.po), the languages, the date,
        # the languages the page exists in (its switcher), and the navigation (every page's title and language).
        context = self.context
        path = context.project.page_path(lang, document) + "index.html"
        day = str(context.dates.get(document))
        return path, self.key(
            context.text_key(lang, document),
            context.ui_key(lang),
            day,
            context.switcher_key(document),
            context.navigation_key(lang),
            links_key(context, lang),  # where its links to documents and files lead (builders.assets)
            str(context.project.pdf),  # the link to its PDF
        )

    def render(self, document: str, lang: Language) -> bytes:
        ui = self.page_texts.speak(lang)
        root = "../" * self.context.project.page_path(lang, document).count("/")
        navigation = self.navigation(lang, document, root)
        pdf = root + self.context.project.pdf_path(lang, document) if self.context.project.pdf else None  # its PDF
        body = resolved_body(self.context, document, lang)  # its links resolved for this page (builders.assets)
        return self.site.page(self.env, lang, document, body, ui, navigation, pdf)

    def navigation(self, lang: Language, current: str | None, root: str) -> list[NavItem]:
        """The site's navigation on a page in ``lang``: each document's title in the language its page is in."""
        known = self._navigation.get((lang.code, root))
        if known is None:
            context = self.context
            documents = context.navigation_order()
            entries = [
                (document, context.head(context.page_language(document, lang), document).title)
                for document in documents
            ]
            items = self.site.navigation(self.env, lang, None, root, entries)
            known = self._navigation[lang.code, root] = (documents, items)
        documents, items = known
        return [
            item.with_link(self.env, current=True) if document == current else item
            for document, item in zip(documents, items, strict=True)
        ]

    def _not_found(self, lang: Language, path: str, every_language: bool) -> None:
        """A 404 page, made again only when what it is made of changed, as a document's page is: each holds
        the whole navigation (on a site of 300 documents in 40 languages, making them every time cost a
        sixth of a build with one catalogue changed)."""
        context = self.context
        key = self.key(context.ui_key(lang), context.navigation_key(lang), str(every_language))
        if context.current(self.name, path, key):
            context.output.keep(path)
            return
        ui = self.page_texts.speak(lang)
        navigation = self.navigation(lang, None, site_path(context.project.base_url))
        context.output.put(path, self.site.not_found(self.env, lang, ui, navigation, every_language))

    def finish(self) -> None:
        context, output = self.context, self.context.output
        for lang in context.published:
            self._not_found(lang, not_found_relative(lang.tag), every_language=False)
        self._not_found(context.project.source_language, not_found_relative(None), every_language=True)
        self.page_texts.speak(context.project.source_language)  # the index and the dashboard speak it
        output.put("index.html", self.site.language_index(self.env, context.statuses))
        output.put("status.html", self.site.dashboard(self.env, context.statuses, [*context.sources.paths, UI_DOMAIN]))
        for name, data in static_files(context.project).items():
            output.put(name, data)
