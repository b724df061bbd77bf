"""The page templates: the Jinja2 environment, the page texts' translations, and template errors.

UI texts and front matter are escaped as plain text. (Jinja2's i18n
extension trusts translations and would insert them unescaped: the gettext
functions installed here escape them first.) A page text with no published
translation is shown in the source language and marked with its ``lang``.

A document's own text is its source format's to render (``sources.markdown``).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .cache import tool_signature
from .checks.placeholders import formattable
from .config import Project
from .errors import SourceError
from .languages import Language
from .sources.base import fallback_attributes


@dataclass(frozen=True)
class Text:
    """A short text for a page; ``fallback`` is set when it is shown untranslated."""

    text: str
    fallback: Language | None = None


class Untranslated(str):
    """A text gettext found no translation for, still in the source language."""


class SourceFallback(gettext.NullTranslations):
    """The last fallback of every catalogue: the source text, marked as such."""

    def __init__(self, source: Language) -> None:
        super().__init__()
        self._rule = source.plural_rule  # the project's table, as for a catalogue of the source language

    def _choose(self, singular: str, plural: str, n: int) -> Untranslated:
        return Untranslated(singular if self._rule.form(n) == 0 else plural)

    def gettext(self, message: str) -> str:
        return Untranslated(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._choose(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        return Untranslated(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._choose(msgid1, msgid2, n)


def load_translations(mo: bytes | None, source: Language) -> gettext.NullTranslations:
    """Translations compiled into ``mo`` (published entries only), falling back to the source."""
    fallback = SourceFallback(source)
    if mo is None:
        return fallback
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    translations.add_fallback(fallback)
    return translations


class CompiledTemplates(BytecodeCache):
    """Compiled templates, kept for the life of the process and, for a build, in build space too.

    Every builder makes its own environment, set up the same way (``environment``, then the page texts
    installed before a template is loaded): the code Jinja2 compiles for a template's text is the same
    for all of them, so the preview's rebuilds and an API caller's builds compile a template once. Jinja2
    checks the text's checksum before using compiled code: a changed template is compiled again.
    """

    _memory: ClassVar[dict[tuple[str, bool], bytes]] = {}

    def __init__(self, disk: FileSystemBytecodeCache | None = None) -> None:
        self.disk = disk

    @staticmethod
    def _key(bucket: Bucket) -> tuple[str, bool]:
        return bucket.key, bool(getattr(bucket.environment, "newstyle_gettext", False))

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._memory.get(self._key(bucket))
        if kept is not None:
            bucket.bytecode_from_string(kept)
            if bucket.code is not None:
                return
        if self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self._memory[self._key(bucket)] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._memory[self._key(bucket)] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


def _bytecode_cache(project: Project, on_disk: bool) -> CompiledTemplates:
    if not on_disk:
        return CompiledTemplates()
    folder = project.build_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    # Compiled code depends on how the environment is set up, not only on a template's text:
    # code compiled by another version of the tool is never reused.
    return CompiledTemplates(FileSystemBytecodeCache(str(folder), f"__jinja2_{tool_signature(project)[:16]}_%s.cache"))


def environment(project: Project, compiled_cache: bool = False) -> Environment:
    """The Jinja2 environment: the project's templates first, then the built-in ones."""
    loaders: list[Any] = []
    if project.templates_dir is not None:
        loaders.append(FileSystemLoader(project.templates_dir))
    loaders.append(PackageLoader("pipeline", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        # Compiled templates are kept (in build space too for a build): a small build does not compile them again.
        bytecode_cache=_bytecode_cache(project, on_disk=compiled_cache),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.globals["text"] = text_markup
    return env


def _span(content: str, fallback: Language, page: Language) -> Markup:
    attributes = "".join(
        Markup(' {}="{}"').format(name, value) for name, value in fallback_attributes(fallback, page).items()
    )
    return Markup("<span{}>{}</span>").format(Markup(attributes), content)


def text_markup(text: Text, page: Language | None = None) -> Markup:
    """A Text for the page body: escaped, wrapped in a ``lang`` span when it is a fallback."""
    if text.fallback is None or page is None:
        return escape(text.text)
    return _span(text.text, text.fallback, page)


def install_ui_translations(
    env: Environment, translations: gettext.NullTranslations, page: Language, source: Language
) -> None:
    """Make ``{% trans %}`` and ``_()`` use ``translations`` for ``page``, escaped and marked."""

    original = SourceFallback(source)

    def mark(result: str, fallback: Callable[[], str]) -> Markup:
        if not isinstance(result, Untranslated):
            original_text = fallback()
            if not formattable(result, original_text):
                # A stray % must not break the page. The checks hold such translations
                # back already; this holds even when they are turned off.
                result = original_text
        if isinstance(result, Untranslated) and source != page:
            return _span(result, source, page)
        return escape(result)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: mark(translations.gettext(message), lambda: original.gettext(message)),
        ngettext=lambda singular, plural, n: mark(
            translations.ngettext(singular, plural, n), lambda: original.ngettext(singular, plural, n)
        ),
        pgettext=lambda context, message: mark(
            translations.pgettext(context, message), lambda: original.pgettext(context, message)
        ),
        npgettext=lambda context, singular, plural, n: mark(
            translations.npgettext(context, singular, plural, n),
            lambda: original.npgettext(context, singular, plural, n),
        ),
        newstyle=True,
    )
    env.globals["text"] = lambda text: text_markup(text, page)


def template_error(project: Project, error: TemplateError) -> SourceError:
    """A Jinja2 error in a page template, as ``template:line: message``.

    A syntax error names its template and line. An error while rendering
    (an undefined name) does not, but Jinja2 rewrites the traceback so that
    each template frame runs at the template's file and line: the innermost
    one is the place. Call this where the error was caught, in the process
    that rendered: a worker's traceback does not cross to its parent.
    """
    name: str | None = getattr(error, "filename", None) or getattr(error, "name", None)
    line: int | None = getattr(error, "lineno", None)
    if name is None:
        frame = _innermost_template_frame(error.__traceback__)
        if frame is not None:
            name, line = frame
    shown = project.relative(Path(name)) if name and Path(name).is_absolute() else (name or "a page template")
    return SourceError(f"{type(error).__name__}: {error.message}", shown, line)


def _innermost_template_frame(traceback: TracebackType | None) -> tuple[str, int] | None:
    found = None
    while traceback is not None:
        frame = traceback.tb_frame
        # The frames Jinja2 makes for templates (jinja2.debug.fake_traceback) carry the error in their globals.
        if "__jinja_exception__" in frame.f_globals:
            found = (frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
