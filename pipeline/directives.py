"""Where GNU gettext's writer finds format directives, which it never breaks across lines.

``wrap()`` in GNU gettext's write-po.c keeps a directive of an entry's
format language (``%5.2f``, ``%(name)s``) on one line: no break inside it,
only before it. It finds directives with the language's format parser, which
stops at the first invalid directive (that one and those after it are not
kept whole). This module finds the same spans for the languages PO files met
here use: C (and Objective-C), Python, Python's ``str.format`` and JavaScript.
For other languages nothing is kept whole, which only matters when a break
opportunity falls inside a directive.

Each parser returns ``(first, last)`` character indexes of the directives it
accepted; the writer forbids a break before every character after ``first``.
"""

from __future__ import annotations

from collections.abc import Callable

Spans = tuple[tuple[int, int], ...]
_DIGITS = "0123456789"  # ASCII digits only, as the C parsers' isdigit


def _number(text: str, index: int) -> int:
    """The end of the run of digits that starts at ``index``."""
    while index < len(text) and text[index] in _DIGITS:
        index += 1
    return index


def _at(text: str, index: int) -> str:
    return text[index] if index < len(text) else ""


class _Arguments:
    """Numbered (``%1$s``) and unnumbered (``%s``) arguments, which a format string cannot mix."""

    def __init__(self) -> None:
        self.numbered = 0
        self.unnumbered = 0

    def add(self, numbered: bool) -> bool:
        """Count one argument; False if it mixes the two kinds."""
        if numbered:
            self.numbered += 1
            return self.unnumbered == 0
        self.unnumbered += 1
        return self.numbered == 0


def _argument_number(text: str, index: int) -> tuple[int, bool] | None:
    """At ``index``, an argument number ``n$`` or none: (where the directive goes on, whether numbered).

    None for ``0$``, which no parser accepts.
    """
    end = _number(text, index)
    if end > index and _at(text, end) == "$":
        return None if int(text[index:end]) == 0 else (end + 1, True)
    return index, False


def _c_star(text: str, index: int, arguments: _Arguments) -> int | None:
    """After ``*`` (a width or precision from an argument, maybe ``*2$``): where the directive goes on."""
    found = _argument_number(text, index)
    if found is None:
        return None
    index, numbered = found
    return index if arguments.add(numbered) else None


_PRI_SIZES: tuple[str, ...] = ("MAX", "PTR", "LEAST8", "LEAST16", "LEAST32", "LEAST64", "FAST8", "FAST16")
_PRI_SIZES += ("FAST32", "FAST64", "8", "16", "32", "64")


def c_spans(text: str, translated: bool = False, objc: bool = False) -> Spans:
    """Directives of a ``c-format`` string: ``%[n$][flags][width][.precision][size]conversion``, and ``%<PRIu64>``.

    ``translated``: a msgstr, where glibc's ``I`` flag is allowed.
    """
    spans: list[tuple[int, int]] = []
    arguments = _Arguments()
    index = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        found = _argument_number(text, index + 1)
        if found is None:
            break
        index, numbered = found
        while _at(text, index) in (" ", "+", "-", "#", "0", "'") or (translated and _at(text, index) == "I"):
            index += 1
        if _at(text, index) == "*":
            star = _c_star(text, index + 1, arguments)
            if star is None:
                break
            index = star
        else:
            index = _number(text, index)
        if _at(text, index) == ".":
            index += 1
            if _at(text, index) == "*":
                star = _c_star(text, index + 1, arguments)
                if star is None:
                    break
                index = star
            else:
                index = _number(text, index)
        if _at(text, index) == "<":  # <inttypes.h> macros: %<PRId64>
            if text[index + 1 : index + 4] != "PRI" or _at(text, index + 4) not in tuple("diouxX"):
                break
            index += 5
            size = next((size for size in _PRI_SIZES if text.startswith(size, index)), None)
            if size is None or _at(text, index + len(size)) != ">":
                break
            index += len(size)
            takes_argument = True
        else:
            while _at(text, index) in ("h", "l", "L", "q", "j", "z", "Z", "t"):
                index += 1
            conversion = _at(text, index)
            if conversion not in tuple("%mcCsSidouxXeEfFgGaApn") and not (objc and conversion == "@"):
                break  # unknown, or the end of the string
            takes_argument = conversion not in ("%", "m")
        if takes_argument and not arguments.add(numbered):
            break
        spans.append((first, index))
        index += 1
    return tuple(spans)


def python_spans(text: str) -> Spans:
    """Directives of a ``python-format`` string: ``%[(name)][flags][width][.precision][size]conversion``."""
    spans: list[tuple[int, int]] = []
    named = unnamed = 0
    index = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        index += 1
        name = False
        if _at(text, index) == "(":
            depth = 0
            index += 1
            while index < len(text) and not (text[index] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
            if index >= len(text):
                break
            name, index = True, index + 1
        while _at(text, index) in ("-", "+", " ", "#", "0"):
            index += 1
        failed = False
        for part in ("width", "precision"):
            if part == "precision":
                if _at(text, index) != ".":
                    break
                index += 1
            if _at(text, index) == "*":
                if named:
                    failed = True
                    break
                unnamed += 1
                index += 1
            else:
                index = _number(text, index)
        if failed:
            break
        if _at(text, index) in ("h", "l", "L"):
            index += 1
        conversion = _at(text, index)
        if conversion not in tuple("%csrdiuoxXeEfgG"):
            break
        if name:
            if unnamed:
                break
            named += 1
        elif conversion != "%":
            if named:
                break
            unnamed += 1
        spans.append((first, index))
        index += 1
    return tuple(spans)


def javascript_spans(text: str) -> Spans:
    """Directives of a ``javascript-format`` string: ``%[n$][flags][width][.precision]conversion``."""
    spans: list[tuple[int, int]] = []
    arguments = _Arguments()
    index = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        found = _argument_number(text, index + 1)
        if found is None:
            break
        index, numbered = found
        while _at(text, index) in ("-", "+", " ", "0", "I"):
            index += 1
        index = _number(text, index)
        if _at(text, index) == ".":
            index = _number(text, index + 1)
        conversion = _at(text, index)
        if conversion not in tuple("%csbdoxXfj"):
            break
        if conversion != "%" and not arguments.add(numbered):
            break
        spans.append((first, index))
        index += 1
    return tuple(spans)


def _brace_name(text: str, index: int, numeric: bool) -> int | None:
    """The end of a field name (a Python identifier, or digits if ``numeric``) at ``index``, or None."""
    character = _at(text, index)
    if character and (character.isascii() and (character.isalpha() or character == "_")):
        index += 1
        while _at(text, index) and _at(text, index).isascii() and (_at(text, index).isalnum() or text[index] == "_"):
            index += 1
        return index
    if numeric and character and character in _DIGITS:
        return _number(text, index)
    return None


def _brace_directive(text: str, start: int, top: bool, marks: list[tuple[int, bool]]) -> int | None:
    """Parse the ``{...}`` at ``start``; return where parsing goes on, or None after an error.

    ``marks`` receives (offset, is_error) as GNU gettext 0.21 records them: as
    offsets from the directive's own ``{``, not from the string's start (see
    ``python_brace_spans``).
    """
    if _at(text, start + 1) == "{":
        return start + 2  # "{{" is a brace
    index = _brace_name(text, start + 1, numeric=True)
    if index is None:
        marks.append((start + 1 - start, True))
        return None
    while _at(text, index) in (".", "["):
        if text[index] == ".":
            after = _brace_name(text, index + 1, numeric=False)
            if after is None:
                marks.append((index + 1 - start, True))
                return None
            index = after
        else:
            after = _brace_name(text, index + 1, numeric=True)
            if after is None:
                marks.append((index + 1 - start, True))
                return None
            if _at(text, after) != "]":
                marks.append((after + 1 - start, True))
                return None
            index = after + 1
    if _at(text, index) == ":":
        if not top:
            marks.append((index - start, True))
            return None
        index += 1
        if _at(text, index) == "{":
            nested_marks: list[tuple[int, bool]] = []
            after = _brace_directive(text, index, False, nested_marks)
            marks.extend(nested_marks)  # offsets from the nested directive's own brace, as GNU gettext has them
            if after is None:
                return None
            index = after - 1  # the nested directive's closing brace
            if _at(text, index + 1) != "}":
                marks.append((index + 1 - start, True))
                return None
            index += 1
        else:  # [[fill]align][sign][#][0][width][.precision][type]
            if _at(text, index + 1) in ("<", ">", "=", "^"):
                index += 2
            elif _at(text, index) in ("<", ">", "=", "^"):
                index += 1
            for optional in ("+- ", "#", "0"):
                if _at(text, index) and _at(text, index) in optional:
                    index += 1
            index = _number(text, index)
            if _at(text, index) == ".":
                index = _number(text, index + 1)
            if _at(text, index) and _at(text, index) in "bcdoxXneEfFgG%":
                index += 1
            if _at(text, index) != "}":
                marks.append((index - start, True))
                return None
    if _at(text, index) != "}":
        marks.append((index - start, True))
        return None
    if top:
        marks.append((index - start, False))  # the directive's end; its start is recorded at offset 0
    return index + 1


def python_brace_spans(text: str) -> Spans:
    """What GNU gettext 0.21 keeps whole in a ``python-brace-format`` string.

    Its parser records each directive's start and end as offsets from the
    directive's own ``{`` but applies them from the start of the string, so
    what it keeps whole is the start of the string, as long as the shortest
    directive (up to the first error). Reproduced here, for the same lines.
    """
    marks: list[tuple[int, bool]] = []
    started = False
    index = 0
    while (index := text.find("{", index)) >= 0:
        before = len(marks)
        after = _brace_directive(text, index, True, marks)
        if any(not error for _, error in marks[before:]):
            started = True
        if after is None:
            break
        index = after
    if not started:
        return ()
    # GNU gettext keeps whole from the start up to the first mark after it, unless that one is an error.
    offset = min(offset for offset, _ in marks)
    if offset == 0 or any(error for at, error in marks if at == offset):
        return ()
    # The offsets count bytes of UTF-8: the span ends at the character holding byte ``offset``.
    position = 0
    for last, character in enumerate(text):
        position += len(character.encode("utf-8"))
        if position > offset:
            return ((0, last),)
    return ((0, len(text) - 1),)


PARSERS: dict[str, Callable[[str, bool], Spans]] = {
    "c": lambda text, translated: c_spans(text, translated),
    "objc": lambda text, translated: c_spans(text, translated, objc=True),
    "python": lambda text, translated: python_spans(text),
    "python-brace": lambda text, translated: python_brace_spans(text),
    "javascript": lambda text, translated: javascript_spans(text),
}


def spans(text: str, language: str, translated: bool) -> Spans:
    """The directives GNU gettext keeps whole in ``text``, a string of an entry in format ``language``."""
    parse = PARSERS.get(language)
    if parse is None or ("%" not in text and "{" not in text):
        return ()
    return parse(text, translated)
