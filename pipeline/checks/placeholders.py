"""The ``placeholders`` check: format directives kept as GNU gettext and Python need them; no lone ``%`` in a UI text.

An entry flagged ``c-format``, ``objc-format``, ``python-format``, ``python-brace-format``
or ``javascript-format`` is checked as GNU ``msgfmt --check-format`` checks it
(gettext-tools/src/format.c, ``check_msgid_msgstr_format_i``, and the languages'
``format_check`` in format-c.c, format-python.c, format-python-brace.c,
format-javascript.c), so that what msgfmt refuses is always an error here:

- every form of a plural entry is compared with ``msgid_plural``; a form used for
  only one number (Arabic's ``n==0`` and ``n==1`` forms, English's ``n==1``, by the
  Plural-Forms formula: used for fewer than 5 numbers of 0 to 1000, or for one number
  of a ``range:`` flag) may leave arguments out ("one file"), the other forms, a
  one-form language's only form and a text without plural may not;
- an argument the translation invents, a changed type (``%s`` for ``%d``), a
  translation that is not a valid format string (``%(name)`` without its conversion,
  ``{name`` unclosed, ``%2$s`` without ``%1$``) are always errors;
- C's (and JavaScript's) arguments may be reordered with positions (``%2$s ... %1$s``)
  and glibc's ``I`` flag (``%Id``, the locale's digits) is allowed in a translation;
  Python's unnamed arguments (``%s``) must all be kept, in order.

An entry without a format flag (and without ``no-...-format``) is checked only where
its source clearly has placeholders: named ``%(name)s`` as Python's, ``{name}`` by
name. A placeholder a translation adds to a text whose source has none is a warning:
the text may never be formatted. A placeholder of the source mangled in the
translation (``6(count)s`` for ``%(count)s``) is an error even where it may be left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..directives import (
    Parsed,
    c_arguments,
    javascript_arguments,
    python_arguments,
    python_brace_arguments,
)
from ..plurals import PluralRule
from .registry import ERROR, WARNING, Context, Finding, Level, check

_NAMED_PRINTF = re.compile(r"%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[hlL]?[diouxXeEfgGcrs]")
_FORMAT_NAME = re.compile(r"%\((\w+)\)")
_POSITIONAL = re.compile(r"%(?!\()")  # after %% is taken out: %s, %d and a lone %
# What a translator would not write unless it were a placeholder: %s, %1$d, %(name)s, {name}, {0}.
_LIKELY_PRINTF = re.compile(
    r"%(?:\([A-Za-z_]\w*\)|[1-9]\d*\$)?[-+#0']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[sdiuxXfeEgGcr](?!\w)"
    r"|%\([A-Za-z_]\w*\)[-+#0']*\d*(?:\.\d+)?[sdiuxXfeEgGcr]"
)
_BRACE_FIELD = re.compile(r"\{([A-Za-z_]\w*|\d+)(?:![rsa])?(?::[^{}]*)?\}")
_RANGE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)")

# The format flags checked as GNU gettext checks them, and the parser of each.
_PARSERS: dict[str, Callable[[str, bool], Parsed]] = {
    "c-format": lambda text, translated: c_arguments(text, translated),
    "objc-format": lambda text, translated: c_arguments(text, translated, objc=True),
    "python-format": lambda text, translated: python_arguments(text),
    "python-brace-format": lambda text, translated: python_brace_arguments(text),
    "javascript-format": lambda text, translated: javascript_arguments(text),
}
_PRETTY = {
    "c-format": "C",
    "objc-format": "Objective-C",
    "python-format": "Python",
    "python-brace-format": "Python brace",
    "javascript-format": "JavaScript",
}
_REORDERABLE = ("c-format", "objc-format", "javascript-format")  # %2$s takes a value out of order


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


@dataclass(frozen=True)
class _Arguments:
    """What a format string takes: each argument's type and how the string first writes it."""

    types: dict[int | str, str]
    shown: dict[int | str, str]
    error: str | None
    named: bool  # Python's %(name)s, brace fields: by name; C's, JavaScript's, Python's %s: by place


@lru_cache(maxsize=16384)
def _arguments(text: str, flag: str, translated: bool) -> _Arguments:
    """``text`` read as a format string of ``flag``'s language (cached: a source is read once per form and language)."""
    parsed = _PARSERS[flag](text, translated)
    types: dict[int | str, str] = {}
    shown: dict[int | str, str] = {}
    for directive in parsed.directives:
        if directive.argument is None:
            continue
        seen = types.get(directive.argument)
        if seen is None or seen == "any":
            types[directive.argument] = directive.type
        shown.setdefault(directive.argument, directive.text(text))
    return _Arguments(types, shown, parsed.error, any(isinstance(key, str) for key in types))


@lru_cache(maxsize=64)
def _often(rule: PluralRule) -> frozenset[int]:
    """The forms the rule gives for many numbers: GNU msgfmt's ``often`` (at least 5 of 0 to 1000)."""
    counts = Counter(rule.form(n) for n in range(1001))
    return frozenset(form for form, count in counts.items() if count >= 5)


@lru_cache(maxsize=256)
def _used_once(rule: PluralRule, low: int, high: int, form: int) -> bool:
    """Whether the rule gives ``form`` to at most one number from ``low`` to ``high`` (GNU caps it at 1000 numbers)."""
    high = min(high, low + 1000)
    return sum(1 for n in range(low, high + 1) if rule.form(n) == form) <= 1


def _strict(context: Context) -> bool:
    """Whether the translation must take every argument (GNU's strict checking), or may leave some out.

    A text without plural, a plural entry with a single form (a language with one
    form) and a form the catalogue's formula uses for many numbers must; a form used
    for one number may ("one file" for n=1); when the formula is not known, as GNU
    msgfmt with a broken Plural-Forms, every form of several may.
    """
    if not context.is_plural or context.forms == 1:
        return True
    if context.forms == 0:  # a plural form of an entry the check is not told about (called by itself)
        return False
    rule = context.plural_rule
    if rule is None or context.form not in _often(rule):
        return False
    for flag in context.flags:
        limits = _RANGE.match(flag)
        if limits and _used_once(rule, int(limits[1]), int(limits[2]), context.form):
            return False
    return True


def _compare(flag: str, source: _Arguments, translation: _Arguments, strict: bool) -> list[Finding]:
    """GNU gettext's format_check of ``flag``'s language, said for a translator: what is lost, invented or changed."""
    if flag == "python-format" and source.types and translation.types and source.named != translation.named:
        if source.named:
            return [
                Finding("the source's placeholders are named (%(name)s), the translation's are not: Python needs names")
            ]
        return [
            Finding(
                "the source's placeholders are unnamed (%s), the translation's are named: Python needs them unnamed"
            )
        ]
    if source.named or translation.named:
        return _compare_named(source, translation, strict)
    return _compare_numbered(flag, source, translation, strict)


def _compare_named(source: _Arguments, translation: _Arguments, strict: bool) -> list[Finding]:
    found = []
    if strict:
        for name in source.types:
            if name not in translation.types:
                found.append(Finding(f"placeholder {source.shown[name]} is missing from the translation"))
    for name in translation.types:
        if name not in source.types:
            found.append(Finding(f"placeholder {translation.shown[name]} is not in the source"))
    for name, wanted in source.types.items():
        given = translation.types.get(name)
        if given is not None and given != wanted and (strict or "any" not in (given, wanted)):
            if " " in translation.shown[name]:  # %(count) d: a space that became a flag
                found.append(
                    Finding(f"placeholder {translation.shown[name]} is mangled: {source.shown[name]} in the source")
                )
                continue
            found.append(
                Finding(
                    f"placeholder {translation.shown[name]} takes {_a(given)}, "
                    f"where the source's {source.shown[name]} takes {_a(wanted)}"
                )
            )
    return found


def _compare_numbered(flag: str, source: _Arguments, translation: _Arguments, strict: bool) -> list[Finding]:
    wanted = [source.types[number] for number in sorted(source.types)]
    given = [translation.types[number] for number in sorted(translation.types)]
    # C and JavaScript may leave the last arguments out of a form used for one number; Python never.
    exact = strict or flag not in _REORDERABLE
    if len(given) > len(wanted) or (exact and len(given) != len(wanted)):
        return _lost_and_invented(source, translation)
    found = []
    mismatched = [number for number in range(1, len(given) + 1) if given[number - 1] != wanted[number - 1]]
    if not strict and flag == "python-format":
        mismatched = [number for number in mismatched if "any" not in (given[number - 1], wanted[number - 1])]
    if mismatched and Counter(given) == Counter(wanted[: len(given)]) and len(given) == len(wanted):
        advice = ": number them (%2$s, %1$s) to change their order" if flag in _REORDERABLE else ""
        return [Finding(f"the placeholders are not in the source's order{advice}")]
    for number in mismatched:
        found.append(
            Finding(
                f"placeholder {translation.shown[number]} takes {_a(given[number - 1])}, where the source's "
                f"argument {number}, {source.shown[number]}, takes {_a(wanted[number - 1])}"
            )
        )
    return found


def _lost_and_invented(source: _Arguments, translation: _Arguments) -> list[Finding]:
    """Too few or too many arguments: which of the source's are lost, which the translation's are its own."""
    lost = Counter(source.types.values()) - Counter(translation.types.values())
    invented = Counter(translation.types.values()) - Counter(source.types.values())
    found = []
    for kind in lost:
        shown = [source.shown[number] for number in sorted(source.types) if source.types[number] == kind]
        for text in shown[len(shown) - lost[kind] :]:
            found.append(Finding(f"placeholder {text} is missing from the translation"))
    for kind in invented:
        shown = [translation.shown[number] for number in sorted(translation.types) if translation.types[number] == kind]
        for text in shown[len(shown) - invented[kind] :]:
            found.append(Finding(f"placeholder {text} is not in the source"))
    if not found:
        found.append(Finding("the translation does not take as many values as the source"))
    return found


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


@lru_cache(maxsize=16384)
def _mangled_pattern(source: str) -> re.Pattern[str] | None:
    """The source's named placeholders, to be found without their ``%`` (``6(count)s``, ``(count)s``)."""
    names = sorted(set(_FORMAT_NAME.findall(source)))
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"\((?:{alternatives})\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfgGcrs]")


def _mangled(source: str, translation: str) -> list[Finding]:
    """A named placeholder of the source whose ``%`` is lost or changed: the reader sees ``6(count)s``."""
    pattern = _mangled_pattern(source) if "(" in translation else None
    found = []
    for match in pattern.finditer(translation) if pattern is not None else ():
        before = translation[match.start() - 1] if match.start() else ""
        if before != "%":
            shown = (before if before.strip() else "") + match[0]
            found.append(Finding(f"placeholder {shown} is mangled: %{match[0]} in the source"))
    return found


def _mangled_braces(source: str, translation: str, given: dict[str, str]) -> dict[str, Finding]:
    """A ``{name}`` of the source with a brace lost in the translation (``{name``, ``name}``), by name."""
    found = {}
    for name, shown in _brace_names(source).items():
        if name in given or name not in translation:
            continue
        escaped = re.escape(name)
        broken = re.search(rf"\{{{escaped}(?![\w}}])|(?<![{{\w]){escaped}\}}", translation)
        if broken:
            found[name] = Finding(f"placeholder {broken[0]} is mangled: {shown} in the source")
    return found


def _flagged(source: str, translation: str, flags: Iterable[str], context: Context) -> list[Finding]:
    """The checks of GNU ``msgfmt --check-format`` for each format flag of the entry."""
    found: list[Finding] = []
    strict = _strict(context)
    for flag in flags:
        wanted = _arguments(source, flag, False)
        if wanted.error is not None:  # not a format string of this language: GNU checks nothing
            continue
        given = _arguments(translation, flag, True)
        if given.types == wanted.types and given.error is None:  # most translations: nothing to say
            continue
        if given.error is not None:
            found.append(
                Finding(
                    f"the translation is not a valid {_PRETTY[flag]} format string, unlike the source: {given.error}"
                )
            )
            continue
        found.extend(_compare(flag, wanted, given, strict))
    return found


@lru_cache(maxsize=16384)
def _brace_names(text: str) -> dict[str, str]:
    """The ``{name}`` and ``{0}`` fields of a text without a format flag: name -> how it is first written."""
    found: dict[str, str] = {}
    for match in _BRACE_FIELD.finditer(text):
        found.setdefault(match[1], match[0])
    return found


def _unflagged(source: str, translation: str, context: Context) -> list[Finding]:
    """A text without format flag: placeholders compared where the source clearly has them."""
    found: list[Finding] = []
    off = {flag.removeprefix("no-") for flag in context.flags if flag.startswith("no-") and flag.endswith("-format")}
    strict = _strict(context)
    source_printf = "%" in source and "python-format" not in off and _NAMED_PRINTF.search(source) is not None
    if source_printf:
        wanted = _arguments(source, "python-format", False)
        if wanted.error is None:  # a valid Python format string: it may well be formatted
            given = _arguments(translation, "python-format", True)
            if given.error is not None:
                found.append(
                    Finding(f"the translation is not a valid Python format string, unlike the source: {given.error}")
                )
            else:
                found.extend(_compare("python-format", wanted, given, strict))
        else:  # only its names are sure to be placeholders
            wanted_names = set(_FORMAT_NAME.findall(source))
            given_names = set(_FORMAT_NAME.findall(translation))
            if strict:
                found.extend(
                    Finding(f"placeholder %({name})s is missing from the translation")
                    for name in sorted(wanted_names - given_names)
                )
            found.extend(
                Finding(f"placeholder %({name})... is not in the source") for name in sorted(given_names - wanted_names)
            )
    source_braces = _brace_names(source) if "{" in source and "python-brace-format" not in off else {}
    if source_braces:
        given_braces = _brace_names(translation) if "{" in translation else {}
        mangled = _mangled_braces(source, translation, given_braces)
        found.extend(mangled.values())
        if strict:
            for name, shown in source_braces.items():
                if name not in given_braces and name not in mangled:
                    found.append(Finding(f"placeholder {shown} is missing from the translation"))
        for name, shown in given_braces.items():
            if name not in source_braces:
                found.append(Finding(f"placeholder {shown} is not in the source"))
    if not source_printf and not source_braces and not off and not context.formatted:
        added = [match[0] for match in _LIKELY_PRINTF.finditer(translation)] if "%" in translation else []
        if "{" in translation and not _BRACE_FIELD.search(source):
            added += list(_brace_names(translation).values())
        if added and not _LIKELY_PRINTF.search(source):
            found.append(
                Finding(
                    f"the translation has {', '.join(dict.fromkeys(added))}, which the source has not: "
                    "a placeholder the program does not fill in, or breaks on if it formats the text",
                    WARNING,
                )
            )
    return found


@check("placeholders", ERROR, Level.PAIR, "keep placeholders such as {count} and %(count)s exactly as in the source")
def placeholders(source: str, translation: str, context: Context) -> list[Finding]:
    """a placeholder of the source (`%d`, `%2$s`, glibc's `%Id`, `%(count)s`, `{count}`) lost, mangled, of
    another type or invented, as GNU `msgfmt -c` finds them by the entry's format flag, each plural form
    against `msgid_plural` (a form used for one number may leave the number out); a placeholder added to a
    text whose source has none (a warning); a lone `%` in a page template text

    The module's docstring has the rules.
    """
    if context.msgid_plural:
        source = context.msgid_plural  # GNU gettext checks every plural form against msgid_plural
    if "%" not in translation and "{" not in translation and "%" not in source and "{" not in source:
        return []
    flags = [flag for flag in context.flags if flag in _PARSERS]
    found = _flagged(source, translation, flags, context) if flags else _unflagged(source, translation, context)
    if "%" in source:
        found.extend(finding for finding in _mangled(source, translation) if finding not in found)
    if context.formatted and not found:
        if not formattable(translation, source):
            found.append(Finding("a lone % would break the page: write %% for a percent sign"))
    return found
