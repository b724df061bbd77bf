"""The PO file format: a strict reader and the one writer every command uses.

polib is the model (``POFile``/``POEntry``) and compiles ``.mo`` files. Its
parser, like Babel's, silently accepts broken files (an unterminated string
swallows the next entry, junk after a string is kept, duplicate messages
pass), so reading is done here, line by line, and every problem is reported as
``path:line: what is wrong``. Its writer wraps translators' comments and breaks
lines where GNU gettext does not, so writing is done here too: ``po_text``
writes, byte for byte, what ``msgcat --to-code=UTF-8`` writes for the same
catalogue (line breaks by ``pipeline.linebreak``, flags in GNU's order, the
header as it was), so a file written by this tool and then saved by
``msgmerge`` or Poedit comes back unchanged, and version control shows only
real changes. One deliberate difference: flags GNU gettext does not know
(``ignore-length``, Weblate's ``max-length:80``, ...) are kept, after GNU's
own, where ``msgcat`` drops them, because they are translators' decisions.

Nothing of a header is lost: its ``#.`` comments, references, flags and
previous text, and its fields as written (order, spacing, repeated fields,
lines that are not fields) are kept on the catalogue's ``header`` string
(``HeaderComment``), which code that builds a new catalogue copies along with
``metadata``; a field changed through ``metadata`` is written in its place.

Files in any charset GNU gettext supports (ISO-8859-1, Windows-1256, ...) are
read; a BOM and CRLF line endings are accepted; everything is written back as
UTF-8 with LF line endings. A file whose bytes are UTF-8 while its header
declares another charset is refused (read as declared, it would be mojibake).
"""

from __future__ import annotations

import codecs
import gettext
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

import polib

from . import directives as format_directives
from . import linebreak
from .errors import (
    CatalogueEncodingError,
    CatalogueError,
    CatalogueSyntaxError,
    DuplicateMessage,
    HeaderError,
    PluralFormsError,
)

WRAP_WIDTH = 79  # GNU gettext's default

# The charset of a file, in its header: on a quoted line (a comment may mention another).
_CHARSET = re.compile(rb'^[ \t]*(?:msgstr[ \t]*)?"[^"\n]*?charset=([A-Za-z0-9_.:-]+)', re.MULTILINE)
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=\s|\"|$)")
# A whole string: quotes around characters and escapes, then only spaces.
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*$')  # "unrolled": no backtracking per character
# A string with nothing to resolve or refuse in it: no escape, no NUL or EOT.
_PLAIN_QUOTED = re.compile(r'"([^"\\\x00\x04]*)"\s*$')
_QUOTED_PREFIX = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*"?)')
_ESCAPE_IN = re.compile(r"\\(?:x[0-9A-Fa-f]*|[0-7]{1,3}|.)")  # \x takes every hex digit, as GNU reads it
_BAD_ESCAPE = re.compile(r"\\[^ntrbfva\\\"?'x0-7]")
_ORDER = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
    "?": "?",
    "'": "'",
}
_PLURAL_COUNT = re.compile(r"nplurals\s*=\s*(\d+)")
GNU_DEFAULT_NPLURALS = 2  # what GNU gettext assumes without a Plural-Forms line: "nplurals=2; plural=(n != 1);"


def read_po(path: Path, shown: str | None = None) -> Catalogue:
    """Read a PO or POT file; ``shown`` is how the path appears in error messages."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogueError(f"cannot read: {error.strerror}", shown) from None
    parser = _Parser(_decode(data, shown), shown)
    del data  # a large catalogue is held once, as lines, while it is read
    return parser.parse()


def parse_po(data: bytes, shown: str) -> Catalogue:
    """Parse the bytes of a PO file strictly into a polib POFile."""
    return _Parser(_decode(data, shown), shown).parse()


class Catalogue(polib.POFile):
    """A polib catalogue that knows where its header is, for messages about it.

    Its ``header`` is a ``HeaderComment`` carrying the rest of the header entry
    (``#.`` comments, references, flags, previous text, the fields as written).
    """

    header_line: int = 1
    has_header: bool = False


_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def read_catalogue(path: Path, shown: str, language_code: str) -> Catalogue:
    """Read a translator's catalogue and check its header as GNU msgfmt would.

    A catalogue (unlike a template) must have a header with a charset, a
    Plural-Forms line that parses if it has one (without one, GNU gettext reads
    plural entries with two forms, ``n != 1``, and the checks say so), and, if
    it names its language, the language of the folder it is in.
    """
    catalogue = read_po(path, shown)
    line = catalogue.header_line
    if not catalogue.has_header:
        raise HeaderError('no header entry (msgid "" with Content-Type and Plural-Forms) at the top', shown, 1)
    if "charset=" not in catalogue.metadata.get("Content-Type", ""):
        raise HeaderError("the header has no Content-Type with a charset", shown, line)
    declared = catalogue.metadata.get("Language", "").strip()
    if declared and declared.replace("-", "_").lower() != language_code.lower():
        raise HeaderError(
            f"the header says Language: {declared}, but the file is in the {language_code} folder", shown, line
        )
    forms = catalogue.metadata.get("Plural-Forms")
    if forms is not None:
        if "INTEGER" in forms or "EXPRESSION" in forms:
            raise HeaderError(
                f"Plural-Forms {forms!r} is a template's placeholder; put the language's formula there, such as"
                " 'nplurals=2; plural=(n != 1);'",
                shown,
                line,
            )
        parsed = _PLURAL_FORMS.match(forms)
        try:
            if parsed is None:
                raise ValueError(forms)
            _plural_function(parsed[2])
        except (ValueError, SyntaxError, RecursionError):
            raise HeaderError(
                f"Plural-Forms {forms!r} is not 'nplurals=N; plural=EXPRESSION;' with a C expression of n", shown, line
            ) from None
        if _divides_by_zero(parsed[2]):
            raise HeaderError(
                f"Plural-Forms {forms!r}: the plural expression can divide by zero (as msgfmt --check refuses it)",
                shown,
                line,
            )
    return catalogue


# Compiling a plural expression is slow, and a language's catalogues all have the same one.
_plural_function = cache(gettext.c2py)


@cache
def _divides_by_zero(expression: str) -> bool:
    """Whether the expression divides by zero (``/`` or ``%``) for some n from 0 to 1000, where
    ``msgfmt --check`` looks too."""
    function = _plural_function(expression)
    try:
        for n in range(1001):
            function(n)
    except ZeroDivisionError:
        return True
    return False


def nplurals_of(catalogue: polib.POFile) -> int | None:
    """The plural count the header's Plural-Forms declares, or None if it declares none (no such line, or a
    template's ``nplurals=INTEGER``): GNU gettext then takes two forms, ``GNU_DEFAULT_NPLURALS``."""
    found = _PLURAL_COUNT.search(catalogue.metadata.get("Plural-Forms", ""))
    return int(found[1]) if found else None


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        charset = "utf-8"
    else:
        # The header is ASCII in every charset gettext allows, so it can be read before decoding.
        found = _CHARSET.search(data[: data.find(b"\n\n") if b"\n\n" in data else 4096])
        charset = found[1].decode("ascii") if found else "utf-8"
        if charset.upper() == "CHARSET":  # an unfilled template header
            charset = "utf-8"
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            line = data.count(b"\n", 0, found.start()) + 1 if found else None
            raise CatalogueEncodingError(
                f"unknown charset {charset!r} in the Content-Type header", shown, line
            ) from None
        if found is not None and codec.name != "utf-8" and not data.isascii() and _is_utf8(data):
            # Text saved as UTF-8 by an editor that left the header alone: read as declared, every
            # accented letter would be two wrong ones. Real legacy text is (almost) never valid UTF-8.
            raise CatalogueEncodingError(
                f"the file is UTF-8 but its header says charset={charset}; change it to charset=UTF-8",
                shown,
                data.count(b"\n", 0, found.start()) + 1,
            )
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogueEncodingError(
            f"byte 0x{data[error.start]:02x} is not valid {charset} (the charset the header declares)", shown, line
        ) from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Pending:
    """An entry being read: comments first, then its keywords and strings (one made for each entry read:
    a plain class with slots, not a dataclass, which makes its six lists and dicts at half the cost)."""

    __slots__ = (
        "line", "msgid_line", "obsolete", "tcomments", "comments", "occurrences", "flags", "previous", "fields",
        "plurals", "current", "previous_current",
    )  # fmt: skip

    def __init__(self) -> None:
        self.line = 0  # the entry's first line
        self.msgid_line = 0  # where tools and people look for the entry
        self.obsolete: bool | None = None
        self.tcomments: list[str] = []
        self.comments: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        # Strings arrive in pieces (one per line); they are joined once, when the entry is done.
        self.previous: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.plurals: dict[int, list[str]] = {}
        self.current: list[str] | None = None  # where a continuation string goes
        self.previous_current: list[str] | None = None

    @property
    def has_keywords(self) -> bool:
        return bool(self.fields or self.plurals)

    @property
    def has_msgstr(self) -> bool:
        return "msgstr" in self.fields or bool(self.plurals)

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_keywords or self.tcomments or self.comments or self.occurrences or self.flags or self.previous
        )


class BlankComment(str):
    """A comment that is one empty line (``#`` or ``#.`` alone): no text, but a line GNU gettext writes.

    polib keeps comments as one string, where no comment and one empty line are
    both ``""``; this one is ``""`` too, and the writer knows it for a line.
    """

    def __reduce__(self) -> tuple[type[BlankComment], tuple[str]]:
        return (BlankComment, ("",))


def _comment_text(lines: list[str]) -> str:
    return BlankComment("") if lines == [""] else "\n".join(lines)


def _references_in(text: str) -> list[tuple[str, str]]:
    """The places of a ``#:`` line, as GNU gettext reads them: ``file:12``, ``file``, and ``file : 12``."""
    words = text.split()
    places_only = _PLACE_WORD.findall(text)
    if len(places_only) == len(words):  # every word is file:number, the way tools write them
        return [(where, number if number[0] != "0" else str(int(number))) for where, number in places_only]
    places: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        after = words[index + 2] if index + 2 < len(words) else ""
        if following.startswith(":") and _NUMBER.fullmatch(following[1:] or after):
            places.append((word, str(int(following[1:] or after))))
            index += 2 if following[1:] else 3
        elif word.endswith(":") and len(word) > 1 and _NUMBER.fullmatch(following):
            places.append((word[:-1], str(int(following))))
            index += 2
        else:
            found = _PLACE.fullmatch(word)
            places.append((found[1], str(int(found[2]))) if found else (word, ""))
            index += 1
    return places


_NUMBER = re.compile("[0-9]+")
# A word that is a file and a line number (the last colon splits them), from the start of the word to its end.
_PLACE_WORD = re.compile(r"(?<!\S)([^\s:]\S*):([0-9]+)(?!\S)")
_PLACE = re.compile("(.+):([0-9]+)")


class _Parser:
    def __init__(self, text: str, shown: str) -> None:
        self.lines = text.split("\n")
        self.shown = shown
        self.entries: list[tuple[_Pending, polib.POEntry]] = []
        self.header: _Pending | None = None
        self.seen: dict[tuple[str | None, str], int] = {}

    def error(self, message: str, line: int, kind: type[CatalogueError] = CatalogueSyntaxError) -> CatalogueError:
        return kind(message, self.shown, line)

    def parse(self) -> Catalogue:
        pending = _Pending()
        for number, raw in enumerate(self.lines, start=1):
            first = raw[:1]
            if first == '"':
                if pending.current is not None:
                    # The most common line by far: a plain continuation string.
                    plain = _PLAIN_QUOTED.match(raw)
                    if plain is not None:
                        pending.current.append(plain[1])
                        continue
            elif first == "m":  # a keyword (msgid, msgstr...) at the start of its line: what the rest would find
                pending = self.keyword_line(pending, raw.strip(), number, False)
                continue
            elif first == "#" and raw[1:2] not in ("~", "|"):  # a comment at the start of its line: the same
                pending = self.comment_line(pending, raw.rstrip("\r"), number)
                continue
            line = raw.rstrip("\r")
            stripped = line.strip()
            if not stripped:
                continue
            obsolete = stripped.startswith("#~")
            if obsolete:
                stripped = stripped[2:].lstrip()
                if not stripped:
                    continue
                if stripped.startswith("|"):  # "#~| msgid": the previous text of an obsolete entry
                    stripped = "#" + stripped
            if stripped.startswith("#|"):
                pending = self.previous_line(pending, stripped[2:].strip(), number, obsolete)
            elif stripped.startswith("#") and not obsolete:
                pending = self.comment_line(pending, line.lstrip(), number)  # a comment keeps its trailing spaces
            elif stripped.startswith("#"):
                raise self.error("a comment cannot follow '#~'", number)
            else:
                pending = self.keyword_line(pending, stripped, number, obsolete)
        self.finish(pending, len(self.lines))
        return self.build()

    def comment_line(self, pending: _Pending, line: str, number: int) -> _Pending:
        if pending.has_keywords:
            pending = self.finish(pending, number)
        if not pending.line:
            pending.line = number
        kind, rest = line[:2], line[2:]
        if kind == "#.":
            pending.comments.append(rest[1:] if rest.startswith(" ") else rest)
        elif kind == "#:":
            for place in _references_in(rest):
                if place not in pending.occurrences:  # GNU gettext keeps a place once
                    pending.occurrences.append(place)
        elif kind in ("#,", "#!"):  # "#!" is an old spelling GNU gettext still reads
            pending.flags.extend(_split_flags(rest))
        else:
            body = line[1:]
            pending.tcomments.append(body[1:] if body.startswith(" ") else body)
        return pending

    def previous_line(self, pending: _Pending, rest: str, number: int, obsolete: bool) -> _Pending:
        if pending.has_keywords:
            pending = self.finish(pending, number)
        if not pending.line:
            pending.line = number
        if rest.startswith('"'):
            if pending.previous_current is None:
                raise self.error("a string here must follow '#| msgid' or '#| msgctxt'", number)
            pending.previous_current.append(self.string(rest, number))
            return pending
        keyword = _KEYWORD.match(rest)
        if not keyword or keyword[1] == "msgstr" or keyword[2] is not None:
            raise self.error("'#|' must be followed by msgctxt, msgid or msgid_plural", number)
        pending.previous[keyword[1]] = pending.previous_current = [self.string(rest[keyword.end() :].strip(), number)]
        return pending

    def keyword_line(self, pending: _Pending, line: str, number: int, obsolete: bool) -> _Pending:
        fields = pending.fields
        # The two lines of most entries, where nothing below could object: an entry's first keyword (its
        # msgid), and the msgstr right after a singular msgid.
        if line.startswith('msgid "'):
            if not fields and not pending.plurals and pending.obsolete is None:
                pending.obsolete = obsolete
                pending.msgid_line = number
                pending.line = pending.line or number
                fields["msgid"] = pending.current = [self.string(line[5:].strip(), number)]
                return pending
        elif line.startswith('msgstr "'):
            if (
                "msgid" in fields
                and "msgstr" not in fields
                and "msgid_plural" not in fields
                and not pending.plurals
                and pending.obsolete == obsolete
            ):
                fields["msgstr"] = pending.current = [self.string(line[6:].strip(), number)]
                return pending
        if line.startswith('"'):
            if pending.current is None:
                raise self.error("a string must follow msgid, msgstr or msgctxt", number)
            pending.current.append(self.string(line, number))
            return pending
        keyword = _KEYWORD.match(line)
        if not keyword:
            word = line.split()[0]
            raise self.error(f"syntax error: unexpected {word!r}; expected msgid, msgstr, msgctxt or a comment", number)
        name, index_text = keyword[1], keyword[2]
        if name in ("msgctxt", "msgid") and pending.has_msgstr:
            pending = self.finish(pending, number)
        if pending.obsolete is not None and pending.obsolete != obsolete:
            raise self.error("an entry is either all obsolete ('#~') or not at all", number)
        pending.obsolete = obsolete
        if name in ("msgid", "msgctxt") and "msgid" in pending.fields and not pending.has_msgstr:
            raise self.error("this message has no msgstr", pending.msgid_line)
        if name == "msgid":
            pending.msgid_line = number
        pending.line = pending.line or number
        value = self.string(line[keyword.end() :].strip(), number)
        if name == "msgstr" and index_text is not None:
            if "msgid_plural" not in pending.fields:
                raise self.error("msgstr[N] is only for a message with msgid_plural", number)
            index = int(index_text)
            if index != len(pending.plurals):
                raise self.error(f"expected msgstr[{len(pending.plurals)}] here, found msgstr[{index}]", number)
            pending.plurals[index] = pending.current = [value]
            return pending
        if index_text is not None:
            raise self.error(f"{name} cannot have an index", number)
        if name == "msgstr" and pending.has_msgstr:
            raise self.error("msgstr without its msgid (a second msgstr for one message?)", number)
        if name in pending.fields:
            raise self.error(f"{name} appears twice in one entry (is a blank line or msgid missing?)", number)
        if name != "msgctxt" and "msgid" not in pending.fields and name != "msgid":
            raise self.error(f"{name} before msgid", number)
        if name == "msgstr" and "msgid_plural" in pending.fields:
            raise self.error("a message with msgid_plural needs msgstr[0], msgstr[1], ... instead of msgstr", number)
        if any(_ORDER[other] > _ORDER[name] for other in pending.fields):
            raise self.error(f"{name} is out of order; the order is msgctxt, msgid, msgid_plural, msgstr", number)
        pending.fields[name] = pending.current = [value]
        return pending

    def string(self, text: str, number: int) -> str:
        """The value of one quoted string, its escapes resolved."""
        whole = _QUOTED.match(text)
        if whole is not None:
            body = whole[1]
            value = body if "\\" not in body else _ESCAPE_IN.sub(self._unescape(number), body)
            if "\x04" in value or "\x00" in value:
                # GNU gettext keeps EOT for the context separator and NUL for the end of a string.
                raise self.error("a string cannot hold the control character NUL or EOT (U+0000, U+0004)", number)
            return value
        # Not a well-formed string: find out what is wrong, for the message.
        if not text.startswith('"'):
            raise self.error("expected a string in double quotes", number)
        prefix = _QUOTED_PREFIX.match(text)
        if prefix is None or not prefix[1].endswith('"') or prefix[1] == '"':
            bad = _BAD_ESCAPE.search(text)
            if bad is not None:
                raise self.error(f"invalid escape sequence '{bad[0]}' in a string", number)
            raise self.error("unterminated string: the closing double quote is missing", number)
        rest = text[len(prefix[1]) :].strip()
        raise self.error(f"unexpected text after the string: {rest[:20]!r} (is a quote unescaped?)", number)

    def _unescape(self, number: int) -> Callable[[re.Match[str]], str]:
        def replace(escape: re.Match[str]) -> str:
            sequence = escape[0][1:]
            if sequence in _ESCAPES:
                return _ESCAPES[sequence]
            if sequence[0] == "x":
                if len(sequence) == 1:
                    raise self.error("invalid escape sequence '\\x' in a string: hex digits must follow it", number)
                value = int(sequence[1:], 16)
                if value > 0x10FFFF:
                    raise self.error(f"invalid escape sequence '\\{sequence}' in a string: beyond U+10FFFF", number)
                if 0xD800 <= value <= 0xDFFF:  # half of a UTF-16 pair: no character, and no file could hold it
                    raise self.error(f"invalid escape sequence '\\{sequence}' in a string: not a character", number)
                return chr(value)
            if sequence[0] in "01234567":
                value = int(sequence, 8)
                if value > 0o377:
                    raise self.error(f"invalid escape sequence '\\{sequence}' in a string: beyond \\377", number)
                return chr(value)
            raise self.error(f"invalid escape sequence '\\{sequence}' in a string", number)

        return replace

    def finish(self, pending: _Pending, number: int) -> _Pending:
        parts = pending.fields
        if "msgid" not in parts:
            if pending.is_empty:
                return _Pending()
            if pending.has_keywords:
                raise self.error("this entry has no msgid", pending.line)
            if pending.previous:
                raise self.error("'#|' lines must be followed by the entry's msgid", pending.line)
            # Comments at the end of the file, after the last entry: keep them on nothing.
            return _Pending()
        if not pending.has_msgstr:
            raise self.error("this message has no msgstr", pending.msgid_line)
        msgctxt = "".join(parts["msgctxt"]) if "msgctxt" in parts else None
        msgid = "".join(parts["msgid"])
        if msgid == "" and msgctxt is None and not pending.obsolete:
            if self.header is not None or self.entries:
                raise self.error(
                    'the header (msgid "") must be the first entry, and only once', pending.msgid_line, HeaderError
                )
            self.header = pending
            return _Pending()
        if not pending.obsolete:
            key = (msgctxt, msgid)
            if key in self.seen:
                raise self.error(
                    f"duplicate message definition (first defined at line {self.seen[key]})",
                    pending.msgid_line,
                    DuplicateMessage,
                )
            self.seen[key] = pending.msgid_line
        previous = pending.previous
        entry = polib.POEntry(
            msgid=msgid,
            msgstr="".join(parts["msgstr"]) if "msgstr" in parts else "",
            msgid_plural="".join(parts["msgid_plural"]) if "msgid_plural" in parts else "",
            msgstr_plural={index: "".join(pieces) for index, pieces in pending.plurals.items()},
            msgctxt=msgctxt,
            obsolete=bool(pending.obsolete),
            comment=_comment_text(pending.comments),
            tcomment=_comment_text(pending.tcomments),
            occurrences=pending.occurrences,
            # In GNU gettext's order (fuzzy, formats, range, no-wrap), then the translators' own.
            flags=_parse_flags(tuple(pending.flags)).written(translated=True, obsolete=False) if pending.flags else [],
            previous_msgctxt="".join(previous["msgctxt"]) if "msgctxt" in previous else None,
            previous_msgid="".join(previous["msgid"]) if "msgid" in previous else None,
            previous_msgid_plural="".join(previous["msgid_plural"]) if "msgid_plural" in previous else None,
            linenum=pending.msgid_line,
        )
        self.entries.append((pending, entry))
        return _Pending()

    def build(self) -> Catalogue:
        catalogue = Catalogue(wrapwidth=WRAP_WIDTH, encoding="utf-8", check_for_duplicates=False)
        if self.header is not None:
            header = self.header
            catalogue.header_line = header.msgid_line
            catalogue.has_header = True
            flags = _parse_flags(tuple(header.flags))
            catalogue.metadata_is_fuzzy = flags.fuzzy
            parts = header.fields.get("msgstr") or header.plurals.get(0) or []  # (a plural header is odd, not fatal)
            text = _utf8_charset("".join(parts))  # it is UTF-8 now, as it will be written back
            header_entry = HeaderEntry(
                comments=header.comments,
                occurrences=header.occurrences,
                flags=[flag for flag in flags.written(translated=True, obsolete=False) if flag != "fuzzy"],
                previous={keyword: "".join(parts) for keyword, parts in header.previous.items()},
                text=text,
                fields=_header_fields(text),
            )
            header_entry.blank_comment = header.tcomments == [""]
            catalogue.header = HeaderComment("\n".join(header.tcomments), header_entry)
            catalogue.metadata = dict(header_entry.fields)
        nplurals = nplurals_of(catalogue)
        for pending, entry in self.entries:
            if entry.msgid_plural and not entry.obsolete:
                # Without a number in Plural-Forms (no such line, or a template's "nplurals=INTEGER"),
                # GNU gettext reads plural entries with its default, two forms (n != 1).
                expected = GNU_DEFAULT_NPLURALS if nplurals is None else nplurals
                if len(entry.msgstr_plural) != expected:
                    said = "the header's Plural-Forms says" if nplurals is not None else "GNU gettext's default is"
                    raise self.error(
                        f"this message has {len(entry.msgstr_plural)} plural forms but {said} nplurals={expected}",
                        pending.msgid_line,
                        PluralFormsError,
                    )
            catalogue.append(entry)
        return catalogue


# ---------------------------------------------------------------- flags

# GNU gettext's format languages, in the order its writer lists their flags (message.c, 0.21).
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
    "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
    "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_RANK = {language: rank for rank, language in enumerate(FORMAT_LANGUAGES)}
_FORMAT_FLAG = re.compile(r"(no-|possible-|impossible-)?(.+)-format")
_RANGE = re.compile(r"range: ([0-9]+)\.\.([0-9]+)")


@dataclass
class _Flags:
    """The flags of an entry as GNU gettext understands them, and the translators' own."""

    fuzzy: bool = False
    formats: dict[str, str] = field(default_factory=dict)  # language -> "", "no-", "possible-" or "impossible-"
    range: str | None = None
    no_wrap: bool = False
    own: list[str] = field(default_factory=list)  # flags GNU gettext does not know, in their order
    directives: str | None = None  # the format language whose directives GNU gettext keeps on one line

    def written(self, translated: bool, obsolete: bool) -> list[str]:
        """The flags in the order msgcat writes them: fuzzy, formats, range, no-wrap; then the others.

        msgcat drops fuzzy from an untranslated entry, a range from an obsolete one,
        ``wrap`` (the default) and every flag it does not know. The last are kept
        here: this project promises translators that their own flags survive.
        """
        flags = ["fuzzy"] if self.fuzzy and (translated or obsolete) else []
        for language in sorted(self.formats, key=_FORMAT_RANK.__getitem__):
            prefix = self.formats[language]
            if prefix != "impossible-":
                flags.append(f"{'no-' if prefix == 'no-' else ''}{language}-format")  # "possible-" is written plain
        if self.range is not None and not obsolete:
            flags.append(self.range)
        if self.no_wrap:
            flags.append("no-wrap")
        return flags + self.own


@lru_cache(maxsize=1024)
def _parse_flags(flags: tuple[str, ...]) -> _Flags:
    """What ``flags`` (an entry's list, each one flag) say, as GNU gettext's reader takes them; the last of two
    contradicting flags wins, as in GNU gettext."""
    parsed = _Flags()
    for flag in flags:
        if flag == "fuzzy":
            parsed.fuzzy = True
        elif flag in ("wrap", "no-wrap"):
            parsed.no_wrap = flag == "no-wrap"
        elif (format_flag := _FORMAT_FLAG.fullmatch(flag)) is not None and format_flag[2] in _FORMAT_RANK:
            parsed.formats[format_flag[2]] = format_flag[1] or ""
        elif flag.startswith("range:"):  # GNU gettext's: kept if it reads it, dropped as it drops it if not
            found = _RANGE.match(flag)
            if found is not None and int(found[1]) <= int(found[2]):
                parsed.range = f"range: {int(found[1])}..{int(found[2])}"
        elif flag not in parsed.own:
            parsed.own.append(flag)
    # GNU gettext parses directives of the first language (in its order) the entry is or may be in.
    candidates = [language for language, prefix in parsed.formats.items() if prefix in ("", "possible-")]
    parsed.directives = min(candidates, key=_FORMAT_RANK.__getitem__) if candidates else None
    return parsed


@lru_cache(maxsize=1024)
def _flag_line(flags: tuple[str, ...], translated: bool, obsolete: bool) -> str | None:
    """The ``#,`` line for ``flags``, or None."""
    written = _parse_flags(flags).written(translated, obsolete)
    return "#, " + ", ".join(written) if written else None


def _split_flags(text: str) -> list[str]:
    """The flags of a ``#,`` line, one string each.

    GNU gettext separates flags by commas and by white space. A comma-separated
    part with spaces inside is split only if all its words are flags GNU gettext
    knows (``fuzzy c-format``): a translator's flag with a quoted value
    (``placeholders:"%s of %s"``) stays whole, as do commas inside double quotes.
    """
    parts = [part.strip() for part in _FLAG_PARTS.findall(text)]
    flags: list[str] = []
    for part in parts:
        if not part:
            continue
        words = part.split()
        if len(words) > 1 and '"' not in part:
            joined = _join_ranges(words)
            if all(_parse_flags((word,)).own == [] for word in joined):
                flags.extend(joined)
                continue
        flags.append(" ".join(words) if words[0] == "range:" else part)
    return flags


_FLAG_PARTS = re.compile(r'(?:[^,"]|"[^"]*"?)+')


def _join_ranges(words: list[str]) -> list[str]:
    """``range:`` and the span after it are one flag, as GNU gettext reads them."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == "range:":
            joined[-1] = f"range: {word}"
        else:
            joined.append(word)
    return joined


def gnu_flags(flags: list[str], translated: bool = True, obsolete: bool = False) -> list[str]:
    """``flags`` as GNU gettext writes them (see ``_Flags.written``)."""
    return _parse_flags(tuple(flags)).written(translated, obsolete)


# ---------------------------------------------------------------- the header


def new_po_file(
    comment: str, project_id: str, created: str, language: str | None = None, plural_forms: str | None = None
) -> polib.POFile:
    """An empty template or catalogue with the header GNU gettext's tools write (xgettext, msginit).

    A template has no ``language``; its ``plural_forms``, if any, is gettext's
    neutral default. Fields come in the order GNU tools write them.
    """
    catalogue = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    catalogue.header = comment
    catalogue.metadata = {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": "",
        **({"Language": language} if language is not None else {}),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **({"Plural-Forms": plural_forms} if plural_forms is not None else {}),
    }
    return catalogue


@dataclass
class HeaderEntry:
    """What a header entry holds besides polib's ``header``, ``metadata`` and ``metadata_is_fuzzy``."""

    comments: list[str] = field(default_factory=list)  # "#." lines
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # without fuzzy
    previous: dict[str, str] = field(default_factory=dict)  # "#|" msgctxt, msgid, msgid_plural
    text: str = ""  # the header's msgstr as read, its charset made UTF-8
    fields: dict[str, str] = field(default_factory=dict)  # the metadata the text gives
    blank_comment: bool = False  # the comment above is one "#" line (``header`` is empty then)


class HeaderComment(str):
    """A catalogue's ``header`` (the comment above the header entry) carrying the rest of the header entry.

    Code that makes a new catalogue from an old one copies ``header`` and
    ``metadata`` (polib's model has nothing else); the rest of the header entry
    travels with the comment, so that it is written back wherever the comment is.
    """

    entry: HeaderEntry

    def __new__(cls, text: str, entry: HeaderEntry) -> HeaderComment:
        comment = super().__new__(cls, text)
        comment.entry = entry
        return comment

    def __reduce__(self) -> tuple[type[HeaderComment], tuple[str, HeaderEntry]]:
        # kept whole when a worker process hands a catalogue back
        return (HeaderComment, (str(self), self.entry))


def _header_fields(text: str) -> dict[str, str]:
    """The ``Name: value`` lines of a header's text; a repeated name keeps its first value, as GNU gettext
    looks a field up; lines that are not fields are left to the text."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        name = name.strip()
        if colon and name and name not in fields:
            fields[name] = value.strip()
    return fields


def _header_text(metadata: dict[str, str], entry: HeaderEntry | None) -> str:
    """The header's msgstr: the text as it was read, with the fields ``metadata`` changed, removed or added."""
    if entry is None:
        return "".join(f"{name}: {value}\n" for name, value in metadata.items())
    if metadata == entry.fields:
        return entry.text
    lines: list[str] = []
    seen: set[str] = set()
    for line in re.findall(r"[^\n]*\n|[^\n]+$", entry.text):
        name, colon, _ = line.partition(":")
        name = name.strip()
        if not colon or not name:
            lines.append(line)  # not a field: kept where it is
        elif name in seen:
            if name in metadata:
                lines.append(line)  # a repeated field stays while its name is in use
        else:
            seen.add(name)
            if name not in metadata:
                continue
            if metadata[name] == entry.fields[name]:
                lines.append(line)  # unchanged: as written, spacing and all
            else:
                lines.append(f"{name}: {metadata[name]}" + ("\n" if line.endswith("\n") else ""))
    added = [(name, value) for name, value in metadata.items() if name not in seen]
    if added:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.extend(f"{name}: {value}\n" for name, value in added)
    return "".join(lines)


def _utf8_charset(text: str) -> str:
    """``text`` (a header) with its charset made UTF-8, as ``msgcat --to-code=UTF-8`` changes it.

    GNU gettext takes the first ``charset=`` anywhere in the header, and its value up to white space.
    """
    found = _CHARSET_IN_HEADER.search(text)
    if found is None or found[1] == "UTF-8":
        return text
    return text[: found.start(1)] + "UTF-8" + text[found.end(1) :]


_CHARSET_IN_HEADER = re.compile(r"charset=([^ \t\n]*)")


# ---------------------------------------------------------------- writing

_ESCAPE_OUT = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_NEEDS_ESCAPE = re.compile('[\\\\"\n\t\r\a\b\f\v]')


def _escape(text: str) -> str:
    """``text`` with GNU gettext's escape sequences (``\\n``, ``\\"``, ...)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    for character, sequence in _ESCAPE_OUT.items():  # the backslash first
        if character in text:
            text = text.replace(character, sequence)
    return text


_UNLIMITED = 1 << 40  # the width of a line when an entry says no-wrap


def _wrap(prefix: str, keyword: str, text: str, wrap: bool = True, directives: str | None = None) -> list[str]:
    """Lines for ``keyword "text"`` in GNU gettext's layout (``wrap()`` in write-po.c), each after ``prefix``.

    The text is cut after each newline; each part, escaped, is broken where
    ``pipeline.linebreak`` says, in lines of at most 79 columns with their
    quotes where possible. If the first line would break, or more parts
    follow, the first line is ``keyword ""``. ``directives`` names the format
    language whose directives must stay whole (``c``, ``python``, ...).
    """
    newline = text.find("\n")
    if newline < 0 or newline == len(text) - 1:
        # One part: the common case is a short string that fits on the keyword's line.
        escaped = _escape(text)
        room = WRAP_WIDTH - len(prefix) - len(keyword) - 3
        size = len(escaped)
        if (
            not wrap
            or size <= room
            and (size * 2 <= room or linebreak.at_most_one_column_each(escaped) or linebreak.columns(escaped) <= room)
        ):
            return [f'{prefix}{keyword} "{escaped}"']
    width = (WRAP_WIDTH if wrap else _UNLIMITED) - 2 - len(prefix)  # the two quotes
    protected = format_directives.spans(text, directives, keyword.startswith("msgstr")) if directives and wrap else ()
    lines: list[str] = []
    first = True
    start = 0
    while start < len(text) or first:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        part = text[start:end]
        escaped = _escape(part)
        column = len(keyword) + 1 if first else 0
        breaks: list[int] = []
        if wrap and escaped:
            total = len(escaped) if escaped.isascii() else linebreak.columns(escaped)  # (at least the width)
            if total + column > width or (first and end < len(text)):
                possible, mandatory = linebreak.opportunities(escaped)
                possible = _allowed(possible, escaped, part, start, protected)
                if mandatory and protected:  # inside a directive, a line separator breaks nothing either
                    mandatory = _outside(mandatory, _escaped_spans(part, start, protected))
                if first and (
                    end < len(text)
                    or column > width
                    # It would break (a mandatory break, U+2028, starts a line without breaking it).
                    or possible
                    and total + column > width
                    and (not mandatory or linebreak.fill(escaped, possible, width, column, mandatory))
                ):
                    lines.append(f'{prefix}{keyword} ""')
                    first, column = False, 0
                if possible:
                    breaks = linebreak.fill(escaped, possible, width, column, mandatory)
        elif first and escaped and end < len(text):
            lines.append(f'{prefix}{keyword} ""')
            first = False
        if first:
            lines.append(f'{prefix}{keyword} "{escaped}"')
            first = False
        elif breaks:
            cuts = [0, *breaks, len(escaped)]
            lines.extend(f'{prefix}"{escaped[cuts[index] : cuts[index + 1]]}"' for index in range(len(cuts) - 1))
        else:
            lines.append(f'{prefix}"{escaped}"')
        start = end
    return lines


def _allowed(
    possible: list[int], escaped: str, part: str, offset: int, protected: format_directives.Spans
) -> list[int]:
    """The break opportunities GNU gettext keeps: none inside an escape sequence (``\\\\``), just before
    a final ``\\n``, or inside a format directive."""
    if not possible:
        return possible
    if "\\" in escaped:
        if part.endswith("\n") and possible[-1] == len(escaped) - 2:
            possible = possible[:-1]
        if any(escaped[position - 1] == "\\" for position in possible):
            # The second characters of the escape sequences (``\\`` and the like), found left to right.
            seconds = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(escaped)}
            possible = [position for position in possible if position not in seconds]
    if protected and possible:
        possible = _outside(possible, _escaped_spans(part, offset, protected))
    return possible


_ESCAPE_SEQUENCE = re.compile(r"\\.", re.DOTALL)


def _escaped_spans(part: str, offset: int, spans: format_directives.Spans) -> list[tuple[int, int]]:
    """Where, in ``part`` escaped, no break may go: [from, to) after the first character of each directive.

    ``part`` starts at ``offset`` of the string the spans are in.
    """
    end = offset + len(part)
    inside = [(max(first + 1, offset) - offset, min(last + 1, end) - offset) for first, last in spans]
    inside = [(low, high) for low, high in inside if low < high]
    if not inside or not _NEEDS_ESCAPE.search(part):
        return inside
    # Where each character of the part starts once escaped.
    starts = list(accumulate((2 if character in _ESCAPE_OUT else 1 for character in part), initial=0))
    return [(starts[low], starts[high]) for low, high in inside]


def _outside(possible: list[int], ranges: list[tuple[int, int]]) -> list[int]:
    """The positions of ``possible`` (sorted) in none of ``ranges`` (sorted [from, to) pairs)."""
    kept: list[int] = []
    index = 0
    for position in possible:
        while index < len(ranges) and ranges[index][1] <= position:
            index += 1
        if index == len(ranges) or position < ranges[index][0]:
            kept.append(position)
    return kept


def _written_entries(catalogue: polib.POFile) -> Iterator[polib.POEntry]:
    """The entries ``po_text`` writes, in its order: the active ones, then the obsolete ones with a
    translation (msgcat writes no obsolete entry without one: there is nothing in it to bring back)."""
    yield from (entry for entry in catalogue if not entry.obsolete)
    yield from (entry for entry in catalogue if entry.obsolete and _translated(entry))


def po_text(catalogue: polib.POFile) -> str:
    """The text of a catalogue, laid out as ``msgcat --to-code=UTF-8`` lays it out."""
    blocks = [_header_block(catalogue)] if _has_header(catalogue) else []
    blocks.extend(_entry_block(entry) for entry in _written_entries(catalogue))
    return "\n".join(blocks)


def rendered_keys(catalogue: polib.POFile) -> list[tuple[bool, str | None, str, str]]:
    """The entries ``po_text`` writes, in its order, by what identifies them.

    The text reads back to the same entries, so catalogues whose keys differ have different texts: a
    changed catalogue is known without laying out the old one.
    """
    return [
        (bool(entry.obsolete), entry.msgctxt, entry.msgid, entry.msgid_plural or "")
        for entry in _written_entries(catalogue)
    ]


def written_differently(one: polib.POFile, other: polib.POFile) -> bool:
    """Whether two catalogues with the same ``rendered_keys`` certainly have different texts, found
    without laying either out: an entry's translation differs, or the places its ``#:`` lines list.

    Each line of an entry's block says what it holds by its start (``#:``, ``msgstr``), so a
    difference there is a difference of the text. False says nothing: the texts may still differ
    (in a comment, a flag, the header), or be the same in another layout.
    """
    for mine, theirs in zip(_written_entries(one), _written_entries(other), strict=True):
        if mine.msgid_plural:
            if mine.msgstr_plural != theirs.msgstr_plural and _written_forms(mine) != _written_forms(theirs):
                return True
        elif mine.msgstr != theirs.msgstr:
            return True
        if mine.occurrences != theirs.occurrences and " ".join(_places(mine.occurrences)) != " ".join(
            _places(theirs.occurrences)
        ):  # joined: the #: lines' words, whichever line each is on
            return True
    return False


def _written_forms(entry: polib.POEntry) -> list[tuple[int, str]]:
    """A plural entry's ``msgstr[N]`` as written: each form it has, ``msgstr[0] ""`` for none."""
    forms = entry.msgstr_plural
    return [(index, forms.get(index, "")) for index in sorted(forms) or [0]]


def _has_header(catalogue: polib.POFile) -> bool:
    entry = getattr(catalogue.header, "entry", None)
    return bool(entry is not None or catalogue.metadata or catalogue.header or getattr(catalogue, "has_header", False))


def _translated(entry: polib.POEntry) -> bool:
    """Whether GNU gettext takes ``entry`` as translated: its (first) msgstr is not empty."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def _comment_lines(tag: str, text: str) -> list[str]:
    """The lines of a comment (``tag`` is ``#`` or ``#.``); none for no comment, one for a ``BlankComment``."""
    if not text:
        return [tag] if isinstance(text, BlankComment) else []
    return [f"{tag} {line}" if line else tag for line in text.split("\n")]


def _header_block(catalogue: polib.POFile) -> str:
    entry: HeaderEntry | None = getattr(catalogue.header, "entry", None)
    lines = _comment_lines("#", catalogue.header)
    if not lines and entry is not None and entry.blank_comment and catalogue.header == "":
        lines = ["#"]
    text = _utf8_charset(_header_text(catalogue.metadata, entry))
    flags = _parse_flags(tuple((["fuzzy"] if catalogue.metadata_is_fuzzy else []) + (entry.flags if entry else [])))
    if entry is not None:
        for comment in entry.comments:
            lines.append(f"#. {comment}" if comment else "#.")
        if entry.occurrences:
            lines.extend(_references(entry.occurrences))
    written = flags.written(bool(text), obsolete=False)
    if written:
        lines.append("#, " + ", ".join(written))
    wrap, directives = not flags.no_wrap, flags.directives
    if entry is not None:
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            if keyword in entry.previous:
                lines.extend(_wrap("#| ", keyword, entry.previous[keyword], wrap, directives))
    lines.append('msgid ""')
    lines.extend(_wrap("", "msgstr", text, wrap, directives))
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=16384)
def _wrapped_source(prefix: str, keyword: str, text: str, wrap: bool, directives: str | None) -> tuple[str, ...]:
    """``_wrap`` for the texts every language's catalogue repeats (msgctxt, msgid, msgid_plural, the previous
    ones): laid out once in a process that writes the catalogues of many languages, not once in each."""
    return tuple(_wrap(prefix, keyword, text, wrap, directives))


def _entry_block(entry: polib.POEntry) -> str:
    lines = _comment_lines("#", entry.tcomment) if entry.tcomment is not None else []
    if entry.comment is not None:
        lines.extend(_comment_lines("#.", entry.comment))
    if entry.occurrences:
        lines.extend(_references(entry.occurrences))
    obsolete = bool(entry.obsolete)
    if entry.flags:
        flags = tuple(entry.flags)
        flag_line = _flag_line(flags, _translated(entry), obsolete)
        if flag_line is not None:
            lines.append(flag_line)
        parsed = _parse_flags(flags)
        wrap, directives = not parsed.no_wrap, parsed.directives
    else:
        wrap, directives = True, None
    if not (entry.previous_msgctxt is None and entry.previous_msgid is None and entry.previous_msgid_plural is None):
        previous = "#~| " if obsolete else "#| "
        for keyword, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        ):
            if value is not None:
                lines.extend(_wrapped_source(previous, keyword, value, wrap, directives))
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(_wrapped_source(prefix, "msgctxt", entry.msgctxt, wrap, directives))
    lines.extend(_wrapped_source(prefix, "msgid", entry.msgid, wrap, directives))
    if entry.msgid_plural:
        lines.extend(_wrapped_source(prefix, "msgid_plural", entry.msgid_plural, wrap, directives))
        for index, form in _written_forms(entry):
            lines.extend(_wrap(prefix, f"msgstr[{index}]", form, wrap, directives))
    else:
        lines.extend(_wrap(prefix, "msgstr", entry.msgstr, wrap, directives))
    lines.append("")
    return "\n".join(lines)


def _places(occurrences: list[tuple[str, str]]) -> list[str]:
    """The references a ``#:`` line lists, as GNU gettext writes them: each place once, a leading ``./``
    dropped from a file name."""
    places = []
    for where, number in dict.fromkeys(occurrences):
        while where.startswith("./"):
            where = where[2:]
        places.append(f"{where}:{number}" if number else where)
    return places


def _references(occurrences: list[tuple[str, str]]) -> list[str]:
    """``#:`` lines of at most 79 columns (a longer reference has a line of its own), each place once.

    As GNU gettext writes them, a leading ``./`` is dropped from a file name.
    """
    lines: list[str] = []
    line = "#:"
    column = 2  # GNU gettext counts bytes here
    for reference in _places(occurrences):
        size = 1 + (len(reference) if reference.isascii() else len(reference.encode("utf-8")))
        if column > 2 and column + size > WRAP_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    lines.append(line)
    return lines
