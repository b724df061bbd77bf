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
from dataclasses import dataclass
from string import Formatter

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


@dataclass(frozen=True)
class Directive:
    """One format directive: where it is, and the argument it takes.

    ``first`` and ``last`` are character indexes (``last`` included), as in :data:`Spans`.
    ``argument`` is the argument's number (1 for the first; C's ``%2$s``, and the
    place of an unnumbered one) or its name (Python's ``%(name)s``, a brace field); None
    for a directive that takes none (``%%``, ``%m``). ``type`` is what GNU gettext
    compares: two directives of one argument must ask for the same.
    A ``*`` width or precision is a directive of its own, of the integer type, at the same place.
    """

    first: int
    last: int
    argument: int | str | None
    type: str

    def text(self, string: str) -> str:
        return string[self.first : self.last + 1]


@dataclass(frozen=True)
class Parsed:
    """The directives of a string in one format language, up to the first invalid one, and why that one is."""

    directives: tuple[Directive, ...]
    error: str | None = None


_C_SIZES = {
    "": "",
    "hh": "char ",
    "h": "short ",
    "l": "long ",
    "ll": "long long ",
    "L": "long long ",
    "q": "long long ",
}
_C_SIZES |= {"j": "intmax_t ", "z": "size_t ", "Z": "size_t ", "t": "ptrdiff_t "}


_BAD_SIZE = "?"


def _c_type(conversion: str, size: str) -> str | None:
    """The argument type GNU gettext's format-c.c gives ``%<size><conversion>``; None for a size it refuses."""
    prefix = _C_SIZES.get(size)
    if prefix is None:
        return None
    if conversion in "di":
        return f"{prefix}int"
    if conversion in "ouxX":
        return f"unsigned {prefix}int"
    if conversion in "eEfFgGaA":
        return "long double" if size in ("L", "ll", "q") else "double"
    if conversion in "cs":
        if size not in ("", "l"):
            return None
        return ("wide " if size else "") + ("char" if conversion == "c" else "string")
    if conversion in "CS":
        return "wide " + ("char" if conversion == "C" else "string")
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"{prefix}int pointer"
    return "object"  # Objective-C's %@


def _c_parse(text: str, translated: bool, objc: bool) -> Parsed:
    """Directives of a ``c-format`` string: ``%[n$][flags][width][.precision][size]conversion``, and ``%<PRIu64>``.

    As GNU gettext's format-c.c: positional (``%2$s``) and plain arguments cannot be mixed;
    ``translated``: a msgstr, where glibc's ``I`` flag (locale's digits) is allowed.
    """
    directives: list[Directive] = []
    arguments = _Arguments()
    index = place = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        found = _argument_number(text, index + 1)
        if found is None:
            return Parsed(tuple(directives), f"argument number 0 in {text[first : index + 3]!r}")
        index, numbered = found
        number = int(text[first + 1 : index - 1]) if numbered else 0
        while _at(text, index) in (" ", "+", "-", "#", "0", "'") or (translated and _at(text, index) == "I"):
            index += 1
        stars: list[int] = []
        for part in ("width", "precision"):
            if part == "precision":
                if _at(text, index) != ".":
                    break
                index += 1
            if _at(text, index) == "*":
                star = _c_star(text, index + 1, arguments)
                if star is None:
                    return Parsed(tuple(directives), "numbered and unnumbered arguments mixed, or argument 0")
                stars.append(int(text[index + 1 : star - 1]) if star > index + 1 else 0)
                index = star
            else:
                index = _number(text, index)
        conversion_type: str | None
        if _at(text, index) == "<":  # <inttypes.h> macros: %<PRId64>
            if text[index + 1 : index + 4] != "PRI" or _at(text, index + 4) not in tuple("diouxX"):
                return Parsed(tuple(directives), f"{text[first : index + 5]!r} is not an <inttypes.h> macro")
            kind = "int" if text[index + 4] in "di" else "unsigned int"
            index += 5
            size = next((size for size in _PRI_SIZES if text.startswith(size, index)), None)
            if size is None or _at(text, index + len(size)) != ">":
                return Parsed(tuple(directives), f"{text[first : index + 1]!r} is not an <inttypes.h> macro")
            index += len(size)
            conversion_type = f"{size} {kind}"
        else:
            size_start = index
            while _at(text, index) in ("h", "l", "L", "q", "j", "z", "Z", "t"):
                index += 1
            conversion = _at(text, index)
            if conversion not in tuple("%mcCsSidouxXeEfFgGaApn") and not (objc and conversion == "@"):
                shown = text[first : index + 1]
                if not conversion:
                    return Parsed(tuple(directives), f"{shown!r} at the end is unfinished")
                return Parsed(tuple(directives), f"{shown!r}: {conversion!r} is not a conversion")
            conversion_type = None
            if conversion not in ("%", "m"):  # a size GNU gettext refuses (%hs) is kept whole all the same
                conversion_type = _c_type(conversion, text[size_start:index]) or _BAD_SIZE
        if conversion_type is not None and not arguments.add(numbered):
            return Parsed(tuple(directives), "numbered (%1$s) and unnumbered (%s) arguments mixed")
        for star in stars:
            place += 1  # an unnumbered argument's place
            directives.append(Directive(first, index, star or place, "int"))
        if conversion_type is not None:
            place += 1
            directives.append(Directive(first, index, number or place, conversion_type))
        else:
            directives.append(Directive(first, index, None, ""))
        index += 1
    return Parsed(tuple(directives))


def c_spans(text: str, translated: bool = False, objc: bool = False) -> Spans:
    """Directives of a ``c-format`` string: ``%[n$][flags][width][.precision][size]conversion``, and ``%<PRIu64>``.

    ``translated``: a msgstr, where glibc's ``I`` flag is allowed.
    """
    return tuple(
        dict.fromkeys((directive.first, directive.last) for directive in _c_parse(text, translated, objc).directives)
    )


def c_arguments(text: str, translated: bool = False, objc: bool = False) -> Parsed:
    """The directives of a ``c-format`` string as GNU gettext checks them.

    Beyond what :func:`c_spans` keeps whole, a size that does not go with the
    conversion (``%hs``) is an error, and positional arguments must be each
    used (``%2$s`` without ``%1$...`` is an error) and with one type.
    """
    parsed = _c_parse(text, translated, objc)
    if parsed.error is not None:
        return parsed
    types: dict[int, str] = {}
    for directive in parsed.directives:
        if directive.type == _BAD_SIZE:
            return Parsed(parsed.directives, f"{directive.text(text)!r}: the size does not go with the conversion")
        if isinstance(directive.argument, int):
            if types.setdefault(directive.argument, directive.type) != directive.type:
                return Parsed(parsed.directives, f"argument {directive.argument} is used with two types")
    for expected, number in enumerate(sorted(types), 1):
        if number != expected:
            return Parsed(parsed.directives, f"argument {number} is used but argument {expected} is not")
    return parsed


_PYTHON_TYPES = {"c": "character", "s": "string", "r": "string", "%": ""}
_PYTHON_TYPES |= {conversion: "integer" for conversion in "iduoxX"} | {conversion: "float" for conversion in "eEfgG"}


def _python_parse(text: str) -> Parsed:
    """Directives of a ``python-format`` string as GNU gettext's format-python.c reads them."""
    directives: list[Directive] = []
    named = unnamed = 0
    index = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        index += 1
        name: str | None = None
        if _at(text, index) == "(":
            depth = 0
            index += 1
            while index < len(text) and not (text[index] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
            if index >= len(text):
                return Parsed(tuple(directives), f"{text[first:]!r}: the name is not closed")
            name, index = text[first + 2 : index], index + 1
        while _at(text, index) in ("-", "+", " ", "#", "0"):
            index += 1
        stars = 0
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if _at(text, index) != ".":
                    break
                index += 1
            if _at(text, index) == "*":
                if named:
                    return Parsed(tuple(directives), "named and unnamed arguments mixed")
                stars += 1
                index += 1
            else:
                end = _number(text, index)
                zero_precision = part == "precision" and end > index and not text[index:end].strip("0")
                index = end
        if _at(text, index) in ("h", "l", "L"):
            index += 1
        conversion = _at(text, index)
        if conversion not in _PYTHON_TYPES or not conversion:
            shown = text[first : index + 1]
            if not conversion:
                return Parsed(tuple(directives), f"{shown!r} at the end is unfinished")
            return Parsed(tuple(directives), f"{shown!r}: {conversion!r} is not a conversion")
        kind = "any" if zero_precision and conversion in "sr" else _PYTHON_TYPES[conversion]
        if name is not None:
            if unnamed:
                return Parsed(tuple(directives), "named (%(name)s) and unnamed (%s) arguments mixed")
            named += 1
            directives.append(Directive(first, index, name, kind))
        elif conversion != "%":
            if named:
                return Parsed(tuple(directives), "named (%(name)s) and unnamed (%s) arguments mixed")
            for _ in range(stars):
                unnamed += 1
                directives.append(Directive(first, index, unnamed, "integer"))
            unnamed += 1
            directives.append(Directive(first, index, unnamed, kind))
        else:
            unnamed += stars
            directives.extend(Directive(first, index, unnamed - stars + 1 + star, "integer") for star in range(stars))
            directives.append(Directive(first, index, None, ""))
        index += 1
    return Parsed(tuple(directives))


def python_spans(text: str) -> Spans:
    """Directives of a ``python-format`` string: ``%[(name)][flags][width][.precision][size]conversion``."""
    return tuple(dict.fromkeys((directive.first, directive.last) for directive in _python_parse(text).directives))


def python_arguments(text: str) -> Parsed:
    """The directives of a ``python-format`` string as GNU gettext checks them: also, a name used
    with two types (``%(n)s`` and ``%(n)d``) is an error."""
    parsed = _python_parse(text)
    if parsed.error is not None:
        return parsed
    types: dict[int | str, str] = {}
    for directive in parsed.directives:
        if isinstance(directive.argument, str):
            seen = types.setdefault(directive.argument, directive.type)
            if seen != directive.type and "any" not in (seen, directive.type):
                return Parsed(parsed.directives, f"%({directive.argument})... is used with two types")
    return parsed


def _brace_fields(text: str) -> list[tuple[int, int]]:
    """Where the top-level ``{...}`` fields of a string ``str.format`` accepts are (``{{`` and ``}}`` are braces)."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        character = text[index]
        if character in "{}" and _at(text, index + 1) == character:
            index += 2
        elif character == "{":
            depth, end = 1, index + 1
            while end < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            found.append((index, end - 1))
            index = end
        else:
            index += 1
    return found


def python_brace_arguments(text: str) -> Parsed:
    """The fields of a ``python-brace-format`` string as Python's ``str.format`` reads them.

    A field's argument is its whole name (``{user.name}``, ``{0[1]}``), as GNU gettext
    compares them; ``{}`` are numbered in order. An unclosed ``{``, a lone ``}``, a bad
    conversion (``{x!}``) and numbered fields mixed with ``{}`` are errors: ``str.format``
    raises ValueError for them.
    """
    directives: list[Directive] = []
    modes: set[str] = set()
    automatic = 0

    def walk(string: str, spans: list[tuple[int, int]] | None, depth: int) -> None:
        nonlocal automatic
        fields = 0
        for _, name, spec, _ in Formatter().parse(string):
            if name is None:
                continue
            if depth > 1:
                raise ValueError("Max string recursion exceeded")
            first, last = spans[fields] if spans is not None else (directives[-1].first, directives[-1].last)
            fields += 1
            head = name.split(".")[0].split("[")[0]
            argument = name
            if not head:
                modes.add("automatic")
                argument = f"{automatic}{name}"
                automatic += 1
            elif head.isdigit():
                modes.add("manual")
            if len(modes) == 2:
                raise ValueError("numbered fields ({0}) mixed with unnumbered ones ({})")
            directives.append(Directive(first, last, argument, ""))
            if spec and "{" in spec:
                walk(spec, None, depth + 1)

    try:
        walk(text, _brace_fields(text), 0)
    except ValueError as error:
        return Parsed(tuple(directives), str(error))
    return Parsed(tuple(directives))


_JAVASCRIPT_TYPES = {"s": "string", "c": "character", "f": "float", "j": "any", "%": ""}
_JAVASCRIPT_TYPES |= {conversion: "integer" for conversion in "bdoxX"}


def _javascript_parse(text: str) -> Parsed:
    """Directives of a ``javascript-format`` string: ``%[n$][flags][width][.precision]conversion``."""
    directives: list[Directive] = []
    arguments = _Arguments()
    index = place = 0
    while (index := text.find("%", index)) >= 0:
        first = index
        found = _argument_number(text, index + 1)
        if found is None:
            return Parsed(tuple(directives), "argument number 0")
        index, numbered = found
        number = int(text[first + 1 : index - 1]) if numbered else 0
        while _at(text, index) in ("-", "+", " ", "0", "I"):
            index += 1
        index = _number(text, index)
        if _at(text, index) == ".":
            index = _number(text, index + 1)
        conversion = _at(text, index)
        if not conversion or conversion not in _JAVASCRIPT_TYPES:
            return Parsed(tuple(directives), f"{text[first : index + 1]!r} is not a directive")
        if conversion != "%" and not arguments.add(numbered):
            return Parsed(tuple(directives), "numbered (%1$s) and unnumbered (%s) arguments mixed")
        if conversion == "%":
            directives.append(Directive(first, index, None, ""))
        else:
            place += 1
            directives.append(Directive(first, index, number or place, _JAVASCRIPT_TYPES[conversion]))
        index += 1
    return Parsed(tuple(directives))


def javascript_spans(text: str) -> Spans:
    """Directives of a ``javascript-format`` string: ``%[n$][flags][width][.precision]conversion``."""
    return tuple((directive.first, directive.last) for directive in _javascript_parse(text).directives)


def javascript_arguments(text: str) -> Parsed:
    """The directives of a ``javascript-format`` string as GNU gettext checks them."""
    return _javascript_parse(text)


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
