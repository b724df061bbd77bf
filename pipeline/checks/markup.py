"""The ``markup`` check: a translation keeps the source's Markdown, and brings no HTML."""

from __future__ import annotations

import re

from .registry import ERROR, Context, Finding, Level, check

_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_SPAN_NAMES = {"strong": "**strong**", "em": "*emphasis*", "code": "`code`", "s": "~~strikethrough~~"}


@check(
    "markup", ERROR, Level.PAIR, "keep the source's Markdown: same links, **strong**, *emphasis* and `code`; no HTML"
)
def markup(source: str, translation: str, context: Context) -> list[Finding]:
    """Markdown not kept: a different number of links, `**strong**`, `*emphasis*` or `` `code` ``,
    unbalanced markers, raw HTML"""
    found = []
    html = _HTML.search(translation) if "<" in translation else None
    if html and not _HTML.search(source):
        found.append(Finding(f"raw HTML is not allowed in a translation: {html[0]}"))
    original, translated = context.inline(source), context.inline(translation)
    for span in sorted(set(original.spans) | set(translated.spans)):
        if span in ("link", "image"):
            continue
        wanted, given = original.spans.get(span, 0), translated.spans.get(span, 0)
        if wanted != given:
            found.append(Finding(f"the source has {wanted} {_SPAN_NAMES.get(span, span)}, the translation {given}"))
    if len(original.links) != len(translated.links):
        found.append(Finding(f"the source has {len(original.links)} links, the translation {len(translated.links)}"))
    if len(original.images) != len(translated.images):
        found.append(Finding(f"the source has {len(original.images)} images, the translation {len(translated.images)}"))
    for marker, count in translated.markers.items():
        if count > original.markers.get(marker, 0):
            found.append(Finding(f"unbalanced Markdown: {marker!r} is left open or unclosed"))
            break
    return found
