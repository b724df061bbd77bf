"""The PDF builder: each published page as a printable PDF, ``output/<tag>/<document>.pdf``, with WeasyPrint.

A PDF is the document's text (rendered in phase one, with its ``lang`` and
``dir`` and its fallback passages marked as on the page) inside a small print
template (``pipeline/templates/pdf.html``) and stylesheet
(``pipeline/templates/print.css``): A4, Noto fonts for Latin and Arabic
script, page numbers, the page's draft and fallback notes in its language
(``NOTES``: the page template's own texts, so that ``ui.pot`` gains nothing;
kept out of the templates folder, where extraction would list them again). WeasyPrint
makes bookmarks of the headings, a tagged PDF (PDF/UA-1), and the title and
language into the metadata.

The same inputs give the same bytes: the dates in the PDF are the
document's own (``dcterms.created``/``modified``), the file identifier is a
hash of the content, and nothing is fetched from the network (only files of
the built site, under the site's address).

``pdf = false`` in the configuration, or ``pipeline build --no-pdf``
(``Project.pdf``), makes none; the pages then link none either.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from functools import cached_property
from importlib import resources
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Template
from markupsafe import Markup

from ..cache import digest, installed
from ..languages import Language
from ..render import Text, Untranslated, environment
from .assets import files_key, links_key, resolved_body
from .base import BuildContext, DocumentBuilder, PageTexts

# What the PDF of one page is made with: the variant WeasyPrint writes (tagged, for screen readers).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


# The notes above a translated page's text, word for word as page.html has them (and ui.po translates them).
NOTES = """\
{% if drafts %}
<p class="notice draft-notice" role="note">{% trans %}This translation was drafted by machine and has not yet \
been reviewed by a translator.{% endtrans %}</p>
{% endif %}
{% if untranslated %}
<p class="notice" role="note">
{% trans count=untranslated %}{{ count }} passage on this page is not translated yet and is shown in the original \
language.{% pluralize %}{{ count }} passages on this page are not translated yet and are shown in the original \
language.{% endtrans %}
</p>
{% endif %}
"""

FOOTER = """\
{% if translated_page %}
<p>{% trans %}This page is a translation. Where it differs from the original text, the original \
applies.{% endtrans %}</p>
{% endif %}
"""


def print_stylesheet() -> bytes:
    """The print stylesheet the PDFs are set with."""
    return (resources.files("pipeline") / "templates" / "print.css").read_bytes()


def pdf_enabled(context: BuildContext) -> bool:
    """Whether this build makes PDFs (``pdf`` in the configuration, ``--no-pdf`` on the command line)."""
    return context.project.pdf


class PdfBuilder(DocumentBuilder):
    name = "pdf"

    def __init__(self, context: BuildContext) -> None:
        super().__init__(context)
        self._weasyprint: Any = None  # the module, imported once something is to be made

    @cached_property
    def stylesheet(self) -> bytes:
        return print_stylesheet()

    @cached_property
    def page_texts(self) -> PageTexts:
        """The templates' environment with the page texts: made once a PDF is asked about (a build without
        PDFs never makes it), in the build's process, so that worker processes inherit it."""
        page_texts = PageTexts(environment(self.context.project), self.context)
        page_texts.speak(self.context.project.source_language)
        return page_texts

    @cached_property
    def templates(self) -> tuple[Template, Template, Template]:
        """The print template, the notes and the footer."""
        env = self.page_texts.env
        return env.get_template("pdf.html"), env.from_string(NOTES), env.from_string(FOOTER)

    def target(self, document: str, lang: Language) -> tuple[str, str]:
        # What a PDF is made of: the document's text, the page texts (ui.po), the languages, the date,
        # the print stylesheet, and WeasyPrint's version and options (they shape every byte).
        # The print template is the tool's (its signature) or the project's (the site key).
        context = self.context
        path = context.project.pdf_path(lang, document)
        day = str(context.dates.get(document))
        template = digest(
            self.stylesheet.decode("utf-8"), repr(sorted(PDF_OPTIONS.items())), installed("weasyprint", "weasyprint")
        )
        links = links_key(context, lang)  # where its links to documents and files lead (builders.assets)
        embedded = files_key(context)  # the images it shows are inside it: their bytes, not only their names
        return path, self.key(context.text_key(lang, document), context.ui_key(lang), day, template, links, embedded)

    def outdated(self) -> Iterator[tuple[str, Language]]:
        if not pdf_enabled(self.context):
            return  # none made: an earlier build's PDFs go at the end of this one
        for found in super().outdated():
            # In the build's process, before the workers fork: they inherit the module, imported once, and the
            # templates, compiled once.
            self._weasyprint = self._weasyprint or _import_weasyprint()
            self.templates  # noqa: B018 (made here, not in each worker)
            yield found

    def render(self, document: str, lang: Language) -> bytes:
        weasyprint = self._weasyprint = self._weasyprint or _import_weasyprint()
        context, project = self.context, self.context.project
        body = resolved_body(context, document, lang)  # its links resolved as on its page (builders.assets)
        ui = self.page_texts.speak(lang)
        site_name = ui.gettext(project.site_name)
        fallback = (
            project.source_language if isinstance(site_name, Untranslated) and lang != project.source_language else None
        )
        updated = context.dates.get(document)
        url = project.base_url + project.page_path(lang, document)
        translated = lang != project.source_language
        template, notes, footer = self.templates
        html = template.render(
            lang=lang,
            title=body.title,
            description=body.description,
            site_name=Text(str(site_name), fallback),
            notes=Markup(notes.render(drafts=body.drafts, untranslated=body.fallbacks)),
            content=Markup(body.html),
            footer=Markup(footer.render(translated_page=translated)),
            url=url,
            updated=updated.isoformat() if updated else None,
        )
        fetcher, fonts, css = self._typesetting
        page = weasyprint.HTML(string=html, base_url=url, url_fetcher=fetcher)
        data: bytes = page.write_pdf(stylesheets=[css], font_config=fonts, **PDF_OPTIONS)
        return data

    @cached_property
    def _typesetting(self) -> tuple[Any, Any, Any]:
        """The fetcher, the fonts and the parsed stylesheet every PDF of the build shares, made once per
        process: WeasyPrint keeps the fonts it has loaded and shaped text with in its font configuration,
        which a new one for each PDF would load again."""
        weasyprint = self._weasyprint = self._weasyprint or _import_weasyprint()
        project = self.context.project
        fetcher = _SiteFetcher(weasyprint, project.base_url, project.output_dir)
        fonts = weasyprint.text.fonts.FontConfiguration()
        css = weasyprint.CSS(string=self.stylesheet.decode("utf-8"), url_fetcher=fetcher, font_config=fonts)
        return fetcher, fonts, css


def _import_weasyprint() -> Any:
    # Lazy: WeasyPrint takes ~1.3 s to import (python -X importtime), which a build with no PDF to make,
    # and every other command, never pays.
    import weasyprint

    return weasyprint


def _SiteFetcher(weasyprint: Any, base_url: str, folder: Any) -> Any:
    """A URL fetcher that reads only the built site's own files (images under the site's address), never
    the network: a PDF is made from what the build has, the same bytes each time."""
    urls = weasyprint.urls

    class SiteFetcher(urls.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(base_url):
                relative = unquote(urlsplit(url).path[len(urlsplit(base_url).path) :])
                path = (folder / relative).resolve()
                if path.is_relative_to(folder.resolve()) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"not part of the built site: {url}")

    return SiteFetcher()
