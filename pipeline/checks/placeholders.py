"""The ``placeholders`` check: ``{count}`` and ``%(count)s`` kept exactly; no lone ``%`` in a UI text."""

from __future__ import annotations

import re
from collections import Counter

from .registry import ERROR, Context, Finding, Level, check

_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\d*\}")
_PRINTF = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
_NAMED_PRINTF = re.compile(r"%\([A-Za-z_]\w*\)[sd]")
_FORMAT_NAME = re.compile(r"%\((\w+)\)")
_POSITIONAL = re.compile(r"%(?!\()")  # after %% is taken out: %s, %d and a lone %


def formattable(translation: str, source: str) -> bool:
    """Whether Jinja2's %-formatting of a page text accepts ``translation`` of ``source``.

    Jinja2 formats every text of a template with the names the source gives
    it (and ``num``, ``context``): a translation may use those, and ``%%``
    for a percent sign; a name of its own, ``%s`` or a lone ``%`` would break the page.
    """
    if _POSITIONAL.search(translation.replace("%%", "")):
        return False
    try:
        translation % {name: 1 for name in {*_FORMAT_NAME.findall(source), "num", "context"}}
    except (KeyError, ValueError, TypeError):
        return False
    return True


@check("placeholders", ERROR, Level.PAIR, "keep placeholders such as {count} and %(count)s exactly as in the source")
def placeholders(source: str, translation: str, context: Context) -> list[Finding]:
    """`{count}` or `%(count)s` lost or invented; a lone `%` in a page template text"""
    if "{" not in source and "{" not in translation and "%" not in source and "%" not in translation:
        return []
    found = []
    formats = [_BRACE]
    if any(flag.endswith("-format") and not flag.startswith("no-") for flag in context.flags) or _NAMED_PRINTF.search(
        source
    ):
        formats.append(_PRINTF)
    for pattern in formats:
        wanted, given = Counter(pattern.findall(source)), Counter(pattern.findall(translation))
        for placeholder in sorted(set(wanted) - set(given)):
            if not context.is_plural:  # a plural form may leave the number out ("one file")
                found.append(Finding(f"placeholder {placeholder} is missing from the translation"))
        for placeholder in sorted(set(given) - set(wanted)):
            found.append(Finding(f"placeholder {placeholder} is not in the source"))
    if context.formatted and not found:
        if not formattable(translation, source):
            found.append(Finding("a lone % would break the page: write %% for a percent sign"))
    return found
