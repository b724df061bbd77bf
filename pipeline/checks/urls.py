"""The ``urls`` and ``emails`` checks: addresses stay as in the source, unless the URL map gives another.

A web address in the text is read as a linkifier reads it (markdown-it's linkify,
GitHub): it ends at whitespace, at ``<`` ``>`` and quotes, at a character of a
script or punctuation that is not written in addresses (CJK, Arabic: the
``を見て`` after ``<https://www.sphinx-doc.org/>``), and without its trailing
punctuation or an unbalanced closing bracket. Addresses are compared with their
percent-encoding read and their host's case folded.

A changed address is an error, unless it is the same page in another form: only a
trailing slash apart, https for http (warnings), or a language version of the same
site in the translation's language (``en.wikipedia.org`` -> ``fr.wikipedia.org``,
``/`` -> ``/fr/``, ``?lang=fr``): a warning, the reviewer sees whether it is meant.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from .inline import MarkupKind, read_inline
from .registry import ERROR, WARNING, Context, Finding, Level, check

# Not in an address: whitespace, <>, quotes, and the scripts and punctuation of CJK and Arabic text.
_OUTSIDE = (
    r"\s<>\[\]\"'`“”‘’«»‹›"  # [] too: Kodi's [B] and [CR] follow addresses, which never hold them
    r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"  # Arabic script and its punctuation
    r"\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"  # CJK
    r"\uff00-\uffef"  # full-width forms: （）。，
    r"\u200b-\u200f\u202a-\u202e\u2066-\u2069"  # zero-width and direction controls
)
_URL_CANDIDATE = re.compile(rf"(?:(?:https?|ftp)://|(?<![\w.\-/])www\.)[^{_OUTSIDE}]+")
_BARE = re.compile(r"(?:https?|ftp)://|www\.?")  # a scheme alone is no address
_TRAILING = ".,;:!?*_~"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# The message a program's translators answer with their own names and addresses (GNOME, Qt, KDE).
TRANSLATOR_CREDITS = frozenset({"translator-credits", "translator_credits", "translator_credits-PLEASE_ADD_YOURSELF"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LANGUAGE_SEGMENT = re.compile(r"^[a-z]{2,3}(?:[-_][a-z]{2,4})?$")


def _trim(url: str) -> str:
    """An address without the punctuation after it: "(see https://x.org/a)." gives https://x.org/a."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(_PAIRS[last]) < url.count(last):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """The web addresses written out in a text, as a linkifier finds them."""
    if "://" not in text and "www." not in text:
        return []
    return [url for url in (_trim(match) for match in _URL_CANDIDATE.findall(text)) if not _BARE.fullmatch(url)]


def strip_urls(text: str) -> str:
    """A text without its web addresses (whose colons and question marks follow no typography)."""
    if "://" not in text and "www." not in text:
        return text
    return _URL_CANDIDATE.sub(lambda match: match[0][len(_trim(match[0])) :], text)


@lru_cache(maxsize=32768)
def _normal(url: str) -> str:
    """An address as compared: percent-encoding read, scheme and host in lower case, a bare host's slash."""
    url = unquote(url) if "%" in url else url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.netloc:
        return url
    path = parts.path or "/"
    rest = path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{rest}"


def _shown(url: str) -> str:
    return unquote(url) if "%" in url else url


@lru_cache(maxsize=32768)
def _addresses(text: str, kind: MarkupKind) -> tuple[str, ...]:
    """The addresses of a text: its links' and images' targets, and those written out in its words."""
    inline = read_inline(text, kind)
    found = [url for url in inline.links + inline.images if not url.startswith("mailto:")]
    # An autolink (<https://…>) or a link whose text is its address shows the address in the text too.
    targets = Counter(_normal(url) for url in found)
    for url in find_urls(inline.text):
        if targets[_normal(url)] > 0:
            targets[_normal(url)] -= 1
        else:
            found.append(url)
    return tuple(found)


def _site(host: str, language: str) -> tuple[str, bool]:
    """A host without its language label and www. (fr.wikipedia.org -> wikipedia.org), and whether
    it had ``language``'s label."""
    labels = host.lower().split(".")
    localized = False
    while len(labels) > 2 and (labels[0] == "www" or _LANGUAGE_SEGMENT.match(labels[0])):
        localized = localized or _is_language(labels[0], language)
        labels = labels[1:]
    return ".".join(labels), localized


def _is_language(segment: str, language: str) -> bool:
    segment = segment.lower()
    return bool(_LANGUAGE_SEGMENT.match(segment)) and re.split(r"[-_]", segment)[0] == language


def _localized(original: str, translated: str, language: str) -> bool:
    """Whether ``translated`` is ``original``'s site in ``language``: a language host label, path
    segment or query value that ``original`` does not have."""
    try:
        before, after = urlsplit(_normal(original)), urlsplit(_normal(translated))
    except ValueError:
        return False
    if not before.netloc or not after.netloc:
        return False
    site_before, _ = _site(before.hostname or "", language)
    site_after, by_host = _site(after.hostname or "", language)
    if site_before != site_after:
        return False
    by_path = any(_is_language(segment, language) for segment in after.path.split("/")) and not any(
        _is_language(segment, language) for segment in before.path.split("/")
    )
    by_query = any(_is_language(value, language) for value in re.split(r"[&=]", after.query)) and not any(
        _is_language(value, language) for value in re.split(r"[&=]", before.query)
    )
    return by_host or by_path or by_query


def _near(original: str, translated: str, language: str) -> str | None:
    """How ``translated`` is the same page as ``original`` in another form, if it is."""
    a, b = _normal(original), _normal(translated)
    if a.replace("http://", "https://", 1) == b.replace("http://", "https://", 1):
        return "uses another scheme (http, https): the same site"
    trimmed_a, trimmed_b = re.sub(r"/(?=$|[?#])", "", a), re.sub(r"/(?=$|[?#])", "", b)
    if trimmed_a.replace("http://", "https://", 1) == trimmed_b.replace("http://", "https://", 1):
        return "differs only by a trailing slash"
    if _localized(original, translated, language):
        return "is a language version of the same site"
    return None


@check("urls", ERROR, Level.PAIR, "web addresses stay as in the source, unless the publisher's URL map gives another")
def urls(source: str, translation: str, context: Context) -> list[Finding]:
    """a web address changed (a link's, an image's or one in the text), unless the URL map allows it

    The same page in another form (a trailing slash, https, the site's version in the translation's
    language) is a warning."""
    if context.markup is MarkupKind.PLAIN:
        if "://" not in source and "www." not in source and "://" not in translation and "www." not in translation:
            return []
    wanted = _addresses(source, context.markup)
    translated = _addresses(translation, context.markup)
    if not wanted and not translated:
        return []
    given = Counter(_normal(url) for url in translated)
    shown = {_normal(url): url for url in translated}
    found = []
    missing = []
    allowed: set[str] = set()
    for url in wanted:
        candidates = {_normal(url), _normal(context.url_map.get(url, url))}
        allowed |= candidates
        match = next((candidate for candidate in candidates if given[candidate] > 0), None)
        if match is None:
            missing.append(url)
        else:
            given[match] -= 1
    language = re.split(r"[-_@.]", context.lang.code, maxsplit=1)[0].lower()
    for url in missing:
        near = next(
            (
                (other, how)
                for other in sorted(given)
                if given[other] > 0 and other not in allowed
                for how in [_near(url, other, language)]
                if how
            ),
            None,
        )
        if near is None:
            found.append(Finding(f"the address {_shown(url)} is missing or changed"))
        else:
            other, how = near
            given[other] -= 1
            found.append(Finding(f"the address {_shown(url)} is {_shown(shown[other])}, which {how}", WARNING))
    for url in sorted(url for url, count in given.items() if count > 0 and url not in allowed):
        found.append(Finding(f"the address {_shown(shown[url])} is not in the source"))
    return found


@check("emails", ERROR, Level.PAIR, "e-mail addresses stay as in the source")
def emails(source: str, translation: str, context: Context) -> list[Finding]:
    """an e-mail address changed

    Not in the translator credits (``translator-credits``), which list the translators' addresses."""
    if ("@" not in source and "@" not in translation) or source.strip() in TRANSLATOR_CREDITS:
        return []
    wanted, given = Counter(_EMAIL.findall(source)), Counter(_EMAIL.findall(translation))
    return [
        Finding(f"the e-mail address {email} is missing or changed") for email in sorted(set(wanted) - set(given))
    ] + [Finding(f"the e-mail address {email} is not in the source") for email in sorted(set(given) - set(wanted))]
