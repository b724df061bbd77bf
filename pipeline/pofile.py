"""The PO file format: a strict reader and the one writer every command uses.

polib is the model (``POFile``/``POEntry``) and compiles ``.mo`` files. Its
parser, like Babel's, silently accepts broken files (an unterminated string
swallows the next entry, junk after a string is kept, duplicate messages
pass), so reading is done here, line by line, and every problem is reported as
``path:line: what is wrong``. Its writer wraps translators' comments and breaks
lines where GNU gettext does not, so writing is done here too, in the layout
``msgcat`` writes: a file written by this tool and then saved by ``msgmerge``
or Poedit comes back unchanged, and version control shows only real changes.

Files in any charset GNU gettext supports (ISO-8859-1, Windows-1256, ...) are
read; a BOM and CRLF line endings are accepted; everything is written back as
UTF-8 with LF line endings.
"""

from __future__ import annotations

import codecs
import gettext
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

import polib

from .errors import (
    CatalogueEncodingError,
    CatalogueError,
    CatalogueSyntaxError,
    DuplicateMessage,
    HeaderError,
    PluralFormsError,
)

WRAP_WIDTH = 79  # GNU gettext's default

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=\s|\"|$)")
# A whole string: quotes around characters and escapes, then only spaces.
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*$')  # "unrolled": no backtracking per character
# A string with nothing to resolve or refuse in it: no escape, no NUL or EOT.
_PLAIN_QUOTED = re.compile(r'"([^"\\\x00\x04]*)"\s*$')
_QUOTED_PREFIX = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*"?)')
_ESCAPE_IN = re.compile(r"\\(?:x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")
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
    """A polib catalogue that knows where its header is, for messages about it."""

    header_line: int = 1
    has_header: bool = False


_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def read_catalogue(path: Path, shown: str, language_code: str) -> Catalogue:
    """Read a translator's catalogue and check its header as GNU msgfmt would.

    A catalogue (unlike a template) must have a header with a charset, a
    Plural-Forms line that parses, and, if it names its language, the language
    of the folder it is in.
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
        parsed = _PLURAL_FORMS.match(forms)
        try:
            if parsed is None:
                raise ValueError(forms)
            _plural_function(parsed[2])
        except (ValueError, SyntaxError, RecursionError):
            raise HeaderError(
                f"Plural-Forms {forms!r} is not 'nplurals=N; plural=EXPRESSION;' with a C expression of n", shown, line
            ) from None
    return catalogue


# Compiling a plural expression is slow, and a language's catalogues all have the same one.
_plural_function = cache(gettext.c2py)


def nplurals_of(catalogue: polib.POFile) -> int | None:
    """The plural count the header's Plural-Forms declares, or None if there is none."""
    found = _PLURAL_COUNT.search(catalogue.metadata.get("Plural-Forms", ""))
    return int(found[1]) if found else None


def po_text(catalogue: polib.POFile) -> str:
    """The text of a catalogue, laid out as GNU gettext lays it out."""
    blocks = [_header_block(catalogue)]
    blocks.extend(_entry_block(entry) for entry in catalogue if not entry.obsolete)
    blocks.extend(_entry_block(entry) for entry in catalogue if entry.obsolete)
    return "\n".join(blocks)


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
            codecs.lookup(charset)
        except LookupError:
            line = data.count(b"\n", 0, found.start()) + 1 if found else None
            raise CatalogueEncodingError(
                f"unknown charset {charset!r} in the Content-Type header", shown, line
            ) from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogueEncodingError(
            f"byte 0x{data[error.start]:02x} is not valid {charset} (the charset the header declares)", shown, line
        ) from None


@dataclass
class _Pending:
    """An entry being read: comments first, then its keywords and strings."""

    line: int = 0  # the entry's first line
    msgid_line: int = 0  # where tools and people look for the entry
    obsolete: bool | None = None
    tcomments: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # Strings arrive in pieces (one per line); they are joined once, when the entry is done.
    previous: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    plurals: dict[int, list[str]] = field(default_factory=dict)
    current: list[str] | None = None  # where a continuation string goes
    previous_current: list[str] | None = None

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
            if raw[:1] == '"' and pending.current is not None:
                # The most common line by far: a plain continuation string.
                plain = _PLAIN_QUOTED.match(raw)
                if plain is not None:
                    pending.current.append(plain[1])
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
            for reference in rest.split():
                where, _, line_number = reference.rpartition(":")
                pending.occurrences.append((where, line_number) if where and line_number.isdigit() else (reference, ""))
        elif kind == "#,":
            pending.flags.extend(flag.strip() for flag in rest.split(",") if flag.strip())
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
                return chr(int(sequence[1:], 16))
            if sequence[0] in "01234567":
                return chr(int(sequence, 8))
            raise self.error(f"invalid escape sequence '\\{sequence}' in a string", number)

        return replace

    def finish(self, pending: _Pending, number: int) -> _Pending:
        if pending.is_empty:
            return _Pending()
        fields = {name: "".join(parts) for name, parts in pending.fields.items()}
        if "msgid" not in pending.fields:
            if pending.has_keywords:
                raise self.error("this entry has no msgid", pending.line)
            if pending.previous:
                raise self.error("'#|' lines must be followed by the entry's msgid", pending.line)
            # Comments at the end of the file, after the last entry: keep them on nothing.
            return _Pending()
        if not pending.has_msgstr:
            raise self.error("this message has no msgstr", pending.msgid_line)
        msgctxt = fields.get("msgctxt")
        msgid = fields["msgid"]
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
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=fields.get("msgstr", ""),
            msgid_plural=fields.get("msgid_plural", ""),
            msgstr_plural={index: "".join(parts) for index, parts in pending.plurals.items()},
            msgctxt=msgctxt,
            obsolete=bool(pending.obsolete),
            comment="\n".join(pending.comments),
            tcomment="\n".join(pending.tcomments),
            occurrences=pending.occurrences,
            flags=pending.flags,
            previous_msgctxt="".join(pending.previous["msgctxt"]) if "msgctxt" in pending.previous else None,
            previous_msgid="".join(pending.previous["msgid"]) if "msgid" in pending.previous else None,
            previous_msgid_plural="".join(pending.previous["msgid_plural"])
            if "msgid_plural" in pending.previous
            else None,
            linenum=pending.msgid_line,
        )
        self.entries.append((pending, entry))
        return _Pending()

    def build(self) -> Catalogue:
        catalogue = Catalogue(wrapwidth=WRAP_WIDTH, encoding="utf-8", check_for_duplicates=False)
        if self.header is not None:
            catalogue.header_line = self.header.msgid_line
            catalogue.has_header = True
            catalogue.header = "\n".join(self.header.tcomments)
            catalogue.metadata_is_fuzzy = "fuzzy" in self.header.flags
            for header_line in "".join(self.header.fields["msgstr"]).split("\n"):
                if not header_line.strip():
                    continue
                name, colon, value = header_line.partition(":")
                if not colon or not name.strip():
                    raise self.error(f"header line {header_line!r} is not 'Name: value'", self.header.line, HeaderError)
                catalogue.metadata[name.strip()] = value.strip()
            content_type = catalogue.metadata.get("Content-Type")
            if content_type is not None:
                catalogue.metadata["Content-Type"] = re.sub(r"charset=[^\s;]+", "charset=UTF-8", content_type)
        nplurals = nplurals_of(catalogue)
        for pending, entry in self.entries:
            if entry.msgid_plural and not entry.obsolete:
                if nplurals is None:
                    raise self.error(
                        "a plural message needs a Plural-Forms line in the header", pending.msgid_line, HeaderError
                    )
                if len(entry.msgstr_plural) != nplurals:
                    raise self.error(
                        f"this message has {len(entry.msgstr_plural)} plural forms but the header's "
                        f"Plural-Forms says nplurals={nplurals}",
                        pending.msgid_line,
                        PluralFormsError,
                    )
            catalogue.append(entry)
        return catalogue


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
# Where GNU gettext (libunistring's line breaking) may break a line: after a
# space (never before one), after these marks, after these between non-digits,
# and around ideographs, but not before closing or after opening marks.
_BREAK_AFTER = frozenset("!?|}\u2014\u2013\u2026\u061f\u200b")
_BREAK_BEFORE_NON_DIGIT = frozenset("-/.,;:\u060c")
# Closing marks, and Japanese small kana, the prolonged sound mark and iteration marks, never start a line.
_NO_BREAK_BEFORE = frozenset(
    "\u3002\u3001\uff0c\uff01\uff1f\uff1a\uff1b\u300d\u300f\uff09\u3011)]}!?,.;:"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーゝゞヽヾ々〻・"
)
_NO_BREAK_AFTER = frozenset("\u300c\u300e\uff08\u3010([{")


@cache
def _width(character: str) -> int:
    if unicodedata.combining(character) or unicodedata.category(character) == "Cf":
        return 0
    return 2 if unicodedata.east_asian_width(character) in "WF" else 1


def _may_break_after(text: str, index: int) -> bool:
    character, following = text[index], text[index + 1]
    if following == " " or following in _NO_BREAK_BEFORE or character in _NO_BREAK_AFTER:
        return False
    if character == " ":
        before = index - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        return before < 0 or text[before] not in _NO_BREAK_AFTER
    if character in _BREAK_AFTER:
        return True
    if character in _BREAK_BEFORE_NON_DIGIT:
        return not following.isdigit()
    return _width(character) == 2 or _width(following) == 2


_ESCAPE_TABLE = str.maketrans(_ESCAPE_OUT)
_NEEDS_ESCAPE = re.compile('[\\\\"\n\t\r\a\b\f\v]')
# Characters after which a line may break, for ASCII text (wider text also breaks around ideographs).
_CANDIDATES = re.compile("[ !?|}\u2014\u2013\u2026\u061f\u200b\\-/.,;:\u060c]")


def _wrap(prefix: str, keyword: str, text: str) -> list[str]:
    """Lines for ``keyword "text"`` in GNU gettext's layout, each line starting with ``prefix``."""
    plain = text.isascii()
    escaped = text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(text) else text
    width = len(escaped) if plain else sum(map(_width, text)) + len(escaped) - len(text)
    if "\n" not in text[:-1] and len(prefix) + len(keyword) + 3 + width <= WRAP_WIDTH:
        return [f'{prefix}{keyword} "{escaped}"']
    lines = [f'{prefix}{keyword} ""']
    start = 0
    while start < len(text):
        # One segment: up to and including the next newline.
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        lines.extend(f'{prefix}"{line}"' for line in _wrap_segment(text[start:end], WRAP_WIDTH - len(prefix) - 2))
        start = end
    return lines


def _wrap_segment(text: str, budget: int) -> list[str]:
    """One newline-free stretch of a string, cut into escaped lines of at most ``budget`` columns where possible."""
    atoms = [_ESCAPE_OUT.get(character, character) for character in text] if _NEEDS_ESCAPE.search(text) else text
    if text.isascii():
        widths = [len(atom) for atom in atoms] if not isinstance(atoms, str) else None
        candidates = [match.start() for match in _CANDIDATES.finditer(text, 0, len(text) - 1)]
    else:
        widths = [_width(char) if len(atom) == 1 else len(atom) for char, atom in zip(text, atoms, strict=True)]
        wide = {index for index, size in enumerate(widths) if size == 2}
        candidates = sorted(
            {match.start() for match in _CANDIDATES.finditer(text, 0, len(text) - 1)}
            | {index for index in range(len(text) - 1) if index in wide or index + 1 in wide}
        )
    breaks = [index for index in candidates if _may_break_after(text, index)]
    before = list(accumulate(widths, initial=0)) if widths is not None else range(len(text) + 1)
    lines: list[str] = []
    start = 0
    while before[len(text)] - before[start] > budget:
        # The last break that keeps the line within the budget, else the first one after it.
        cut = None
        for position in range(bisect_left(breaks, start), len(breaks)):  # (islice would walk from the start)
            index = breaks[position]
            if before[index + 1] - before[start] > budget:
                cut = index if cut is None else cut
                break
            cut = index
        if cut is None:
            break  # no place to break: the line stays long, as in GNU gettext
        lines.append("".join(atoms[start : cut + 1]))
        start = cut + 1
    lines.append("".join(atoms[start:]))
    return lines


def _header_block(catalogue: polib.POFile) -> str:
    lines = [f"# {line}" if line else "#" for line in catalogue.header.split("\n")] if catalogue.header else []
    if catalogue.metadata_is_fuzzy:
        lines.append("#, fuzzy")
    lines.append('msgid ""')
    header = "".join(f"{name}: {value}\n" for name, value in catalogue.metadata.items())
    lines.extend(_wrap("", "msgstr", header))
    return "\n".join(lines) + "\n"


def _entry_block(entry: polib.POEntry) -> str:
    lines = [f"# {line}" if line else "#" for line in entry.tcomment.split("\n")] if entry.tcomment else []
    if entry.comment:
        lines.extend(f"#. {line}" if line else "#." for line in entry.comment.split("\n"))
    if entry.occurrences:
        lines.extend(_references(entry.occurrences))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines.extend(_wrap(previous, keyword, value))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(_wrap(prefix, "msgctxt", entry.msgctxt))
    lines.extend(_wrap(prefix, "msgid", entry.msgid))
    if entry.msgid_plural:
        lines.extend(_wrap(prefix, "msgid_plural", entry.msgid_plural))
        for index in sorted(entry.msgstr_plural):
            lines.extend(_wrap(prefix, f"msgstr[{index}]", entry.msgstr_plural[index]))
    else:
        lines.extend(_wrap(prefix, "msgstr", entry.msgstr))
    return "\n".join(lines) + "\n"


def _references(occurrences: list[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for where, number in dict.fromkeys(occurrences):  # GNU gettext lists a place once
        reference = f"{where}:{number}" if number else where
        if line != "#:" and len(line) + 1 + len(reference) > WRAP_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + reference
    lines.append(line)
    return lines
