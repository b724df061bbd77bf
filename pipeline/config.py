"""The project: where its folders are and what ``[tool.pipeline]`` says.

A project is any folder with a ``pipeline.toml`` (keys at the top level) or a
``pyproject.toml`` with a ``[tool.pipeline]`` table. Everything the tool reads
or writes lives in the project's ``source/``, ``locales/`` and ``output/``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError, LanguageError, PipelineError
from .files import inside
from .languages import Language, language
from .layout import (
    GLOSSARY,
    LOCALES_FOLDER,
    SOURCE_FOLDER,
    catalogue_relative,
    mo_relative,
    page_relative,
    pdf_relative,
    template_relative,
    text_relative,
)

CONFIG_KEYS = {
    "site-name": "the site's name, shown on every page and translated in locales/ui.pot",
    "base-url": "the address the site is published at, for canonical and hreflang links",
    "source-language": "the language the documents in source/ are written in (default 'en')",
    "languages": "the languages to translate into, gettext codes such as 'fr', 'ar', 'fa_AF'",
    "publish-threshold": "percent of messages a language needs translated to be published (default 80)",
    "home": "the document that is each language's home page (default 'index')",
    "templates": "a folder inside source/ whose templates replace the built-in ones of the same name",
    "edit-url": "where translators open catalogues, e.g. https://github.com/org/site/blob/main/ (for the dashboard)",
    "publish-drafts": "machine drafts awaiting review shown to readers, labelled as drafts: true (every "
    "language), false (the default: reviewed text only, drafts fall back to the source), or a list of codes",
    "publish-catalogues": "true to copy every language's catalogues into the site (output/locales/) and link them "
    "from the dashboard (default false)",
    "disable-checks": 'checks to turn off per language, e.g. { ar = ["length"], "*" = ["unchanged"] }',
    "nav": 'the documents in the site\'s navigation, in order, e.g. ["mission", "about"] (default: every '
    "document, by its front matter weight, then name)",
    "pdf": "false to make no PDF of the pages (default true: output/<language>/<document>.pdf, linked from each page)",
    "url-map": 'approved link targets per language, e.g. { fr = { "https://x.org/en/" = "https://x.org/fr/" } }',
    "compendium": 'translation memories `update` also suggests translations from, e.g. ["memory/fr.po", '
    '"memory/agency.tmx"]: .po files (each for the language its header names) or TMX files, in the project',
}

PUBLISHED_FOLDER = "output"  # the site a build makes, to be published
# The preview's site (`pipeline serve`): in build space, so that nothing it shows (languages below the
# threshold, with --all) can reach the published site, and so that its own manifest keeps its rebuilds small.
PREVIEW_FOLDER = ".build/preview"  # inside output/


@dataclass(frozen=True)
class Project:
    """A project folder and its validated configuration."""

    root: Path
    config_path: Path
    site_name: str
    base_url: str
    source_language: Language
    languages: tuple[Language, ...]
    publish_threshold: float
    home: str
    templates_dir: Path | None
    disabled_checks: dict[str, frozenset[str]] = field(default_factory=dict)  # language code or "*" -> check ids
    url_map: dict[str, dict[str, str]] = field(default_factory=dict)  # language code -> source URL -> its URL
    edit_url: str = ""  # prefix for links to catalogue files on the dashboard
    publish_catalogues: bool = False  # copy the catalogues into the site, for the dashboard to link them there
    drafts_published: frozenset[str] = frozenset()  # language codes whose machine drafts readers see, labelled
    nav: tuple[str, ...] | None = None  # the navigation's documents in order; None: every one, by weight
    pdf: bool = True  # a PDF of every page (the `pdf` key; `pipeline build --no-pdf` turns it off for one build)
    site_folder: str = PUBLISHED_FOLDER  # where a build writes the site: output/, or the preview's folder
    compendium: tuple[str, ...] = ()  # translation memories for `update`, relative to the project (``memory``)

    @property
    def source_dir(self) -> Path:
        return self.root / SOURCE_FOLDER

    @property
    def locales_dir(self) -> Path:
        return self.root / LOCALES_FOLDER

    @property
    def output_dir(self) -> Path:
        """The folder a build writes the site into: ``output/``, or for the preview its own folder."""
        return self.root / self.site_folder

    @property
    def build_dir(self) -> Path:
        """Build space: compiled catalogues and the build manifest, never published content."""
        return self.output_dir / ".build"

    def preview(self) -> Project:
        """The same project, building into the preview's folder (``output/.build/preview/``) instead of output/."""
        return replace(self, site_folder=f"{PUBLISHED_FOLDER}/{PREVIEW_FOLDER}")

    @property
    def _project_build_dir(self) -> Path:
        # The project's own build space, wherever this build writes: one lock and one mark per project.
        return self.root / PUBLISHED_FOLDER / ".build"

    def relative(self, path: Path) -> str:
        """A path as the user sees it in messages and PO references: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def catalogue_path(self, lang: Language, domain: str) -> Path:
        """A language's catalogue of ``domain``, refused if a link leads it out of locales/."""
        path = self.root / catalogue_relative(lang.code, domain)
        return inside(path, self.locales_dir, self.relative(path))

    def mo_path(self, code: str, domain: str) -> Path:
        """A compiled catalogue, in build space."""
        return self.output_dir / mo_relative(code, domain)

    def text_path(self, code: str, document: str) -> Path:
        """A document's rendered text in one language, in build space."""
        return self.output_dir / text_relative(code, document)

    def page_path(self, lang: Language, document: str) -> str:
        """A page's folder under output/, with a trailing slash: ``fr/`` or ``fr/about/``."""
        return page_relative(lang.tag, document, self.home)

    def pdf_path(self, lang: Language, document: str) -> str:
        """A document's PDF under output/: ``fr/mission.pdf``."""
        return pdf_relative(lang.tag, document)

    def publishes_drafts(self, code: str) -> bool:
        """Whether readers of ``code`` see its machine drafts (labelled), or only reviewed text."""
        return code in self.drafts_published

    def checks_disabled_for(self, code: str) -> frozenset[str]:
        """The checks ``disable-checks`` turns off for one language (its own entry and "*")."""
        return self.disabled_checks.get("*", frozenset()) | self.disabled_checks.get(code, frozenset())

    def catalogues_size(self, lang: Language, domains: Iterable[str]) -> int:
        """The bytes of a language's catalogues for ``domains``: how much work reading them is, roughly."""
        size = 0
        for domain in domains:
            try:
                size += self.catalogue_path(lang, domain).stat().st_size
            except (OSError, PipelineError):
                pass  # only an estimate: reading the catalogue will say what is wrong with it
        return size

    def template_path(self, domain: str) -> Path:
        path = self.root / template_relative(domain)
        return inside(path, self.locales_dir, self.relative(path))

    @property
    def glossary_path(self) -> Path:
        path = self.root / GLOSSARY
        return inside(path, self.locales_dir, self.relative(path))

    @property
    def lock_path(self) -> Path:
        return self._project_build_dir / "lock"

    @property
    def unfinished_mark(self) -> Path:
        """Present while a command writes; left behind only by one that was killed."""
        return self._project_build_dir / "unfinished"


def find_config(root: Path) -> tuple[Path, dict[str, Any], str]:
    """Return the configuration file, its ``[tool.pipeline]`` table and its text."""
    if not root.is_dir():
        raise ConfigError("no such project folder", root)
    own = root / "pipeline.toml"
    if own.is_file():
        text, data = _read_toml(own)
        return own, data, text
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        text, data = _read_toml(pyproject)
        table = data.get("tool", {}).get("pipeline")
        if isinstance(table, dict):
            return pyproject, table, text
    raise ConfigError(
        "not a pipeline project: no pipeline.toml and no [tool.pipeline] table in pyproject.toml "
        "(run the command inside the project, or name it with --project DIR)",
        root,
    )


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text (byte {error.start})", path.name) from None
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path.name) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says "Invalid value (at line 3, column 9)"; move the place to the front.
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        line = int(found[1]) if found else len(text.rstrip().splitlines())  # "at end of document"
        raise ConfigError(f"TOML syntax error: {message}", path.name, line) from None


def line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def load_project(root: Path | str = ".") -> Project:
    """Read and validate the configuration of the project in ``root``."""
    root = Path(root).resolve()
    config_path, table, text = find_config(root)

    shown = config_path.name  # messages name files relative to the project, like every other error

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{key}: {message}", shown, line_of(text, key))

    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        known = ", ".join(CONFIG_KEYS)
        raise fail(unknown[0], f"unknown setting; the settings are: {known}")

    def text_value(key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"must be a non-empty string ({CONFIG_KEYS[key]})")
        return value.strip()

    def language_value(key: str, code: Any) -> Language:
        if not isinstance(code, str):
            raise fail(key, f"{code!r} is not a language code")
        try:
            return language(code)
        except LanguageError as error:
            raise fail(key, error.message) from None

    site_name = text_value("site-name")
    base_url = text_value("base-url")
    if _scheme(base_url) not in ("http", "https") or not _netloc(base_url):
        raise fail("base-url", f"{base_url!r} is not an http(s) address such as 'https://example.org/'")
    if not base_url.endswith("/"):
        base_url += "/"

    source_language = language_value("source-language", table.get("source-language", "en"))
    codes = table.get("languages", [])
    if not isinstance(codes, list):
        raise fail("languages", 'must be a list such as ["fr", "ar"]')
    languages: list[Language] = []
    for code in codes:
        lang = language_value("languages", code)
        if lang == source_language:
            raise fail("languages", f"{lang.code!r} is the source language; list only the translations")
        if lang in languages:
            raise fail("languages", f"{lang.code!r} is listed twice")
        languages.append(lang)

    threshold = table.get("publish-threshold", 80)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
        raise fail("publish-threshold", f"must be a percentage from 0 to 100, not {threshold!r}")

    home = text_value("home", "index")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", home):
        raise fail("home", f"{home!r} is not a document name (the file name in source/ without .md)")

    nav = table.get("nav")
    if nav is not None:
        if not isinstance(nav, list) or not all(isinstance(name, str) for name in nav):
            raise fail("nav", f'must be a list of document names such as ["mission", "about"], not {nav!r}')
        for name in nav:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
                raise fail("nav", f"{name!r} is not a document name (the file name in source/ without .md)")
            if nav.count(name) > 1:
                raise fail("nav", f"{name!r} is listed twice")

    templates_dir = None
    if "templates" in table:
        folder = text_value("templates")
        templates_dir = (root / folder).resolve()
        source_dir = (root / "source").resolve()
        if not templates_dir.is_relative_to(source_dir):
            raise fail("templates", f"{folder!r} must be a folder inside source/")
        if not templates_dir.is_dir():
            raise fail("templates", f"{folder!r} is not a folder")

    edit_url = table.get("edit-url", "")
    if edit_url and (not isinstance(edit_url, str) or _scheme(edit_url) not in ("http", "https")):
        raise fail("edit-url", f"{edit_url!r} is not an http(s) address")
    if edit_url and not edit_url.endswith("/"):
        edit_url += "/"
    publish_catalogues = table.get("publish-catalogues", False)
    if not isinstance(publish_catalogues, bool):
        raise fail("publish-catalogues", f"must be true or false, not {publish_catalogues!r}")
    pdf = table.get("pdf", True)
    if not isinstance(pdf, bool):
        raise fail("pdf", f"must be true or false, not {pdf!r}")
    drafts = table.get("publish-drafts", False)
    configured = {lang.code for lang in languages}
    if isinstance(drafts, bool):
        drafts_published = frozenset(configured if drafts else ())
    elif isinstance(drafts, list) and all(isinstance(code, str) for code in drafts):
        unknown = sorted(set(drafts) - configured)
        if unknown:
            raise fail("publish-drafts", f"{unknown[0]!r} is not among the configured languages")
        drafts_published = frozenset(drafts)
    else:
        raise fail("publish-drafts", f"must be true, false or a list of language codes, not {drafts!r}")
    # The source language's own entry turns off checks of the source text (`pipeline check --source`).
    disabled_checks = _disabled_checks(table.get("disable-checks", {}), [source_language, *languages], fail)
    url_map = _url_map(table.get("url-map", {}), languages, fail)
    compendium = _compendium(table.get("compendium", []), root, fail)

    return Project(
        root=root,
        config_path=config_path,
        site_name=site_name,
        base_url=base_url,
        source_language=source_language,
        languages=tuple(languages),
        publish_threshold=float(threshold),
        home=home,
        templates_dir=templates_dir,
        disabled_checks=disabled_checks,
        url_map=url_map,
        edit_url=edit_url,
        publish_catalogues=publish_catalogues,
        drafts_published=drafts_published,
        nav=tuple(nav) if nav is not None else None,
        pdf=pdf,
        compendium=compendium,
    )


def check_nav(project: Project, documents: Iterable[str]) -> None:
    """The configured navigation names only documents there are (known once source/ is read)."""
    if project.nav is None:
        return
    found = set(documents)
    unknown = [name for name in project.nav if name not in found]
    if unknown:
        _, _, text = find_config(project.root)
        raise ConfigError(
            f"nav: {unknown[0]!r} is no document in source/ (the file name without its suffix)",
            project.config_path.name,
            line_of(text, "nav"),
        )


def _scheme(url: str) -> str:
    """An address's scheme; none for one that cannot be read (``https://[x/``: a broken IPv6 host)."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


def _language_keys(value: Any, key: str, languages: list[Language], fail: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(key, "must be a table of language codes")
    known = {lang.code for lang in languages}
    for code in value:
        if code != "*" and code not in known:
            raise fail(key, f"{code!r} is not among the configured languages")
    return value


def _disabled_checks(value: Any, languages: list[Language], fail: Any) -> dict[str, frozenset[str]]:
    if value == {}:
        return {}  # none: the checks need not be imported to know their ids
    # Lazy: the checks take ~55 ms to import (python -X importtime), and only `disable-checks` needs their ids.
    from .checks import CHECKS

    table = _language_keys(value, "disable-checks", languages, fail)
    disabled = {}
    for code, ids in table.items():
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise fail("disable-checks", f"{code}: must be a list of check ids")
        unknown = sorted(set(ids) - set(CHECKS))
        if unknown:
            raise fail("disable-checks", f"unknown check {unknown[0]!r}; `pipeline check --list` shows them")
        disabled[code] = frozenset(ids)
    return disabled


def _url_map(value: Any, languages: list[Language], fail: Any) -> dict[str, dict[str, str]]:
    table = _language_keys(value, "url-map", languages, fail)
    mapping = {}
    for code, urls in table.items():
        if not isinstance(urls, dict) or not all(isinstance(url, str) for url in urls.values()):
            raise fail("url-map", f"{code}: must map source addresses to translated ones")
        mapping[code] = dict(urls)
    return mapping


def _compendium(value: Any, root: Path, fail: Any) -> tuple[str, ...]:
    """The compendium files: relative paths inside the project, each a .po or a .tmx file, each once."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise fail("compendium", f'must be a list of files such as ["memory/fr.po"], not {value!r}')
    names: list[str] = []
    for name in value:
        path = Path(name)
        if not name.strip() or path.is_absolute() or ".." in path.parts:
            raise fail("compendium", f"{name!r} must be a path inside the project, relative to it")
        if path.suffix.lower() not in (".po", ".tmx"):
            raise fail("compendium", f"{name!r} is neither a .po nor a .tmx file")
        if not (root / path).resolve().is_relative_to(root):
            raise fail("compendium", f"{name!r} leads out of the project")
        shown = path.as_posix()
        if shown in names:
            raise fail("compendium", f"{name!r} is listed twice")
        names.append(shown)
    return tuple(names)
