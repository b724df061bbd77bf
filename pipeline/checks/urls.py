"""The ``urls`` and ``emails`` checks: addresses stay as in the source, unless the URL map gives another."""

from __future__ import annotations

import re
from collections import Counter

from .registry import ERROR, Context, Finding, Level, check

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'“”«»]+[^\s<>()\[\]\"'“”«».,;:!?؟،]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def strip_urls(text: str) -> str:
    """A text without its web addresses (whose colons and question marks follow no typography)."""
    return _URL.sub("", text)


def _mapped(url: str, context: Context) -> set[str]:
    return {url, context.url_map.get(url, url)}


@check("urls", ERROR, Level.PAIR, "web addresses stay as in the source, unless the publisher's URL map gives another")
def urls(source: str, translation: str, context: Context) -> list[Finding]:
    """a web address changed (a link's, an image's or one in the text), unless the URL map allows it"""
    original, translated = context.inline(source), context.inline(translation)
    if not (original.links or original.images or translated.links or translated.images):
        if "http" not in original.text and "www." not in original.text:
            if "http" not in translated.text and "www." not in translated.text:
                return []
    wanted = [url for url in original.links + original.images if not url.startswith("mailto:")]
    wanted += _URL.findall(original.text)
    given = Counter(url for url in translated.links + translated.images if not url.startswith("mailto:"))
    given.update(_URL.findall(translated.text))
    found = []
    for url in wanted:
        match = next((candidate for candidate in _mapped(url, context) if given[candidate] > 0), None)
        if match is None:
            found.append(Finding(f"the address {url} is missing or changed"))
        else:
            given[match] -= 1
    allowed = {candidate for url in wanted for candidate in _mapped(url, context)}
    for url in sorted(url for url, count in given.items() if count > 0 and url not in allowed):
        found.append(Finding(f"the address {url} is not in the source"))
    return found


@check("emails", ERROR, Level.PAIR, "e-mail addresses stay as in the source")
def emails(source: str, translation: str, context: Context) -> list[Finding]:
    """an e-mail address changed"""
    if "@" not in source and "@" not in translation:
        return []
    wanted, given = Counter(_EMAIL.findall(source)), Counter(_EMAIL.findall(translation))
    return [
        Finding(f"the e-mail address {email} is missing or changed") for email in sorted(set(wanted) - set(given))
    ] + [Finding(f"the e-mail address {email} is not in the source") for email in sorted(set(given) - set(wanted))]
