"""The HTML builder: each document's page in each published language, the language index, the
dashboard, the stylesheet and icon.

A page is its document's text (rendered in phase one) inside the page
templates, with the page texts (``ui.po``) of its language. The Jinja2
environment is made, with the page template loaded, before worker processes
start: they inherit it instead of each compiling its own.
"""

from __future__ import annotations

import gettext

from ..languages import Language
from ..pages import Site, static_files
from ..render import environment, install_ui_translations, load_translations
from ..sources import UI_DOMAIN
from .base import BuildContext, DocumentBuilder


class HtmlBuilder(DocumentBuilder):
    name = "html"

    def __init__(self, context: BuildContext) -> None:
        super().__init__(context)
        self.site = Site(context.project, context.published, context.dates, context.drafted)
        self.env = environment(context.project, compiled_cache=True)
        self._speaking: Language | None = None  # the language the page texts are installed for
        self.translations = gettext.NullTranslations()
        # The gettext calls go in before the template is loaded: how {% trans %} compiles depends on them.
        self._speak(context.project.source_language)
        self.env.get_template("page.html")

    def target(self, document: str, lang: Language) -> tuple[str, str]:
        # What a page is made of: its document's text, the page texts (ui.po), the languages, the date.
        context = self.context
        path = context.project.page_path(lang, document) + "index.html"
        day = str(context.dates.get(document))
        return path, self.key(context.text_key(lang, document), context.ui_key(lang), day)

    def render(self, document: str, lang: Language) -> bytes:
        ui = self._speak(lang)
        return self.site.page(self.env, lang, document, self.context.text(lang, document), ui)

    def finish(self) -> None:
        context, output = self.context, self.context.output
        self._speak(context.project.source_language)
        output.put("index.html", self.site.language_index(self.env, context.statuses))
        output.put("status.html", self.site.dashboard(self.env, context.statuses, [*context.sources.paths, UI_DOMAIN]))
        for name, data in static_files(context.project).items():
            output.put(name, data)

    def _speak(self, lang: Language) -> gettext.NullTranslations:
        """Install the page texts of ``lang`` (a worker makes one language's pages, then the next's)."""
        if self._speaking != lang:
            source = self.context.project.source_language
            self.translations = load_translations(self.context.ui_catalogue(lang), source)
            install_ui_translations(self.env, self.translations, lang, source)
            self._speaking = lang
        return self.translations
