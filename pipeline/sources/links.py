"""Links between documents, and to the other files of ``source/``, that hold in every language.

A document's text is rendered in phase one, before it is known in which
languages each page is published. So a relative link to another document
(``about.md#members``, ``./about.md``) or to a file of ``source/``
(``map.png``, ``report.pdf``) is rendered with a placeholder target that no
one can write in a message (the renderer allows only http(s), mailto and
relative targets in a translation): ``pipeline:doc:about#members``,
``pipeline:file:map.png``. Where a page is made (phase two), the builder
puts the real address in its place with ``resolve_document_links``: the
linked document's page in the same language, or in the source language
where that page is not published (then the link says so), and a file's
variant for the page's language (``map.ar.png`` beside ``map.png``) where
there is one. The target always comes from the renderer's reading of the
link, never from a catalogue: a translation that changes a target is held
back by the ``urls`` check.

Light on purpose: a build that finds nothing changed imports this module
(``source_files``), not markdown-it.
"""

from __future__ import annotations

import html as html_module
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from ..config import Project
from ..languages import Language
from .base import DOCUMENT_NAME

DOCUMENT_SUFFIX = ".md"
PLACEHOLDER = "pipeline:"
DOCUMENT_PLACEHOLDER = "pipeline:doc:"
FILE_PLACEHOLDER = "pipeline:file:"
FILES_FOLDER = "files"  # where the files of source/ go in the site: files/map.png

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# A placeholder as the Markdown renderer writes it: the first attribute of a link or an image.
_PLACEHOLDERS = re.compile(r'<(?P<tag>a|img) (?P<attribute>href|src)="pipeline:(?P<kind>doc|file):(?P<target>[^"]*)"')


@dataclass(frozen=True)
class Target:
    """Where a relative link of a document leads: a document (``doc``), a file of ``source/`` (``file``)
    or a heading of the same page (``here``)."""

    kind: str  # "doc", "file" or "here"
    name: str  # the document's name, or the file's path in source/ (decoded); "" for "here"
    fragment: str  # the heading id (decoded), or ""


def link_target(url: str) -> Target | None:
    """What a link's target (as Markdown normalized it) leads to in the site, or None: an address of
    another site, an absolute path, a query, or a path that leaves ``source/``."""
    if not url or _SCHEME.match(url) or url.startswith("/") or "?" in url or "\\" in url:
        return None
    path, _, fragment = url.partition("#")
    fragment = unquote(fragment)
    if not path:
        return Target("here", "", fragment) if fragment else None
    while path.startswith("./"):
        path = path[2:]
    path = unquote(path)
    parts = path.split("/")
    if not path or any(part in ("", ".", "..") for part in parts) or any(ord(c) < 0x20 for c in path):
        return None
    if path.endswith(DOCUMENT_SUFFIX):
        name = path[: -len(DOCUMENT_SUFFIX)]
        if "/" not in name and DOCUMENT_NAME.fullmatch(name):
            return Target("doc", name, fragment)
        return None
    if "." not in parts[-1].lstrip("."):  # a folder or an address with no file extension: not a file of ours
        return None
    return Target("file", path, fragment)


def placeholder(url: str) -> str | None:
    """The placeholder a body is rendered with for a link to a document or a file, or None to keep ``url``."""
    target = link_target(url)
    if target is None or target.kind == "here":
        return None
    fragment = "#" + quote(target.fragment, safe="") if target.fragment else ""
    prefix = DOCUMENT_PLACEHOLDER if target.kind == "doc" else FILE_PLACEHOLDER
    return prefix + quote(target.name, safe="/") + fragment


# (document name, heading id or "") -> (its address from this page, the language of the page it leads to
# when that is not the page's own, else None)
DocumentResolver = Callable[[str, str], tuple[str, Language | None]]
FileResolver = Callable[[str], str | None]  # a file's path in source/ -> its address from this page, or None


def resolve_document_links(html: str, resolve: DocumentResolver, resolve_file: FileResolver | None = None) -> str:
    """A rendered body with its placeholders replaced by addresses, as ``resolve`` (documents) and
    ``resolve_file`` (files of ``source/``) give them for the page it goes in.

    A link that leads to a page in another language than the page's own gets ``hreflang`` and, inside
    the link, that language's name in parentheses, so that readers (and screen readers) know before
    they follow it. A file ``resolve_file`` does not know keeps its relative path.
    """
    if PLACEHOLDER not in html:
        return html
    out: list[str] = []
    position = 0
    pending_marker: str | None = None
    for match in _PLACEHOLDERS.finditer(html):
        between = html[position : match.start()]
        if pending_marker is not None and "</a>" in between:  # the link before this one ends here
            between, pending_marker = _insert_marker(between, pending_marker), None
        out.append(between)
        target = html_module.unescape(match["target"])
        path, _, fragment = target.partition("#")
        attribute = match["attribute"]
        if match["kind"] == "doc":
            href, other = resolve(unquote(path), unquote(fragment))
            out.append(f'<{match["tag"]} {attribute}="{html_module.escape(href)}"')
            if other is not None and match["tag"] == "a":
                out.append(f' hreflang="{html_module.escape(other.tag)}"')
                pending_marker = (
                    f' <span class="link-language" lang="{html_module.escape(other.tag)}" dir="{other.direction}">'
                    f"({html_module.escape(other.endonym)})</span>"
                )
        else:
            found = resolve_file(unquote(path)) if resolve_file is not None else None
            href = found if found is not None else path
            if fragment:
                href += "#" + fragment
            out.append(f'<{match["tag"]} {attribute}="{html_module.escape(href)}"')
        position = match.end()
    rest = html[position:]
    out.append(_insert_marker(rest, pending_marker) if pending_marker is not None else rest)
    return "".join(out)


def _insert_marker(html: str, marker: str) -> str:
    """``marker`` put before the first ``</a>`` of ``html`` (the end of the link it belongs to)."""
    end = html.find("</a>")
    return html if end < 0 else html[:end] + marker + html[end:]


# ---------------------------------------------------------------- the files of source/


def source_files(project: Project) -> dict[str, Path]:
    """Every file of ``source/`` that is not a document source (``*.md``), by its path in it (``a/b.png``),
    in name order. Hidden files and folders, symbolic links and the project's own templates folder
    (``templates``, which may be in ``source/``) are left out."""
    source = project.source_dir
    found: dict[str, Path] = {}
    if not source.is_dir():
        return found
    templates = os.path.abspath(project.templates_dir) if project.templates_dir is not None else None
    for folder, folders, names in os.walk(source):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and os.path.abspath(os.path.join(folder, name)) != templates
        )
        for name in names:
            if name.startswith(".") or name.endswith(DOCUMENT_SUFFIX):
                continue
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                continue
            found[path.relative_to(source).as_posix()] = path
    return dict(sorted(found.items()))


def variant(path: str, lang: Language, files: set[str] | frozenset[str] | dict[str, Path]) -> str | None:
    """The file a page in ``lang`` shows for ``path``: its variant for the language (``map.ar.png``,
    or with the language tag: ``map.fa-AF.png``) where there is one, else ``path``; None if neither is."""
    folder, slash, name = path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if stem:
        for code in dict.fromkeys((lang.code, lang.tag)):
            candidate = f"{folder}{slash}{stem}.{code}.{extension}"
            if candidate in files:
                return candidate
    return path if path in files else None


def file_address(path: str) -> str:
    """A file's address in the site, from the site's root: ``files/map.png``."""
    return f"{FILES_FOLDER}/{quote(path, safe='/')}"


# ---------------------------------------------------------------- what `check --source` knows of the site


@dataclass(frozen=True)
class LinkUse:
    """A link (or image) of a document, as the links check looks at it."""

    target: Target
    url: str  # as written (normalized)
    line: int
    msgid: str  # the passage it is in ("" outside a message)


@dataclass
class SiteIndex:
    """The documents of a site, their headings' ids and links, and the other files of ``source/``."""

    ids: dict[str, list[str]] = field(default_factory=dict)  # document -> its heading ids, in order
    links: dict[str, list[LinkUse]] = field(default_factory=dict)  # document as shown -> its links
    files: frozenset[str] = frozenset()


_SITE: ContextVar[SiteIndex | None] = ContextVar("site_index", default=None)


@contextmanager
def site_index(index: SiteIndex) -> Iterator[SiteIndex]:
    """Make ``index`` the one the source checks see while the block runs."""
    token = _SITE.set(index)
    try:
        yield index
    finally:
        _SITE.reset(token)


def current_site() -> SiteIndex | None:
    """The site the source checks are run on (None: a check called on its own, with no site)."""
    return _SITE.get()
