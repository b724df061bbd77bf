"""Between catalogues and exchange files: the units a catalogue gives, and a file's translations put back.

``sections`` turns a language's catalogues into XLIFF file sections,
``memory_units`` into TMX units; ``Importer`` reads an XLIFF file against the
project (which project, language, catalogue and message each part is for),
refuses it whole at the first thing wrong (``ExchangeError`` at its line),
and applies its translations to the catalogues in memory, counting what
changed, for the caller to check and write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..config import Project
from ..errors import ExchangeError, LanguageError, PipelineError
from ..languages import Language, normalize_code
from ..pofile import Catalogue, read_catalogue
from ..status import EntryState, entry_state, has_translation
from .tmx import MemoryUnit, language_matches, language_range
from .xliff import FileSection, ReadFile, ReadUnit, Unit, code_table, resolve, unit_id

# ---------------------------------------------------------------- out


def _notes(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
    notes: list[tuple[str, str]] = []
    for where, number in dict.fromkeys(entry.occurrences):
        notes.append(("location", f"{where}:{number}" if number else where))
    for line in (entry.comment or "").split("\n"):
        if line:
            notes.append(("block", line))
    if entry.msgctxt is not None:
        notes.append(("context", entry.msgctxt))
    if entry.tcomment:
        notes.append(("translator", entry.tcomment))
    return tuple(notes)


def entry_units(entry: polib.POEntry, nplurals: int) -> list[Unit]:
    """The units of one entry: one, or one per plural form."""
    state = entry_state(entry)
    notes = _notes(entry)
    base = unit_id(entry.msgctxt, entry.msgid)
    if not entry.msgid_plural:
        return [Unit(base, entry.msgid, entry.msgstr if has_translation(entry) else "", state, notes)]
    forms = sorted(entry.msgstr_plural) or list(range(nplurals))
    units = []
    for index in forms:
        source = entry.msgid if index == 0 else entry.msgid_plural
        target = entry.msgstr_plural.get(index, "")
        form_notes = (*notes, ("plural", f"plural form {index} of {len(forms)}"))
        units.append(Unit(f"{base}-{index}", source, target, state if target else EntryState.UNTRANSLATED, form_notes))
    return units


def read(project: Project, lang: Language, domain: str) -> tuple[Path, Catalogue] | None:
    path = project.catalogue_path(lang, domain)
    if not path.exists():
        return None
    return path, read_catalogue(path, project.relative(path), lang.code)


def sections(project: Project, lang: Language, domains: list[str]) -> list[FileSection]:
    """A language's catalogues of ``domains`` as XLIFF file sections (missing catalogues left out)."""
    found: list[FileSection] = []
    for domain in domains:
        read_back = read(project, lang, domain)
        if read_back is None:
            continue
        path, catalogue = read_back
        nplurals = lang.nplurals
        units = [unit for entry in catalogue if not entry.obsolete for unit in entry_units(entry, nplurals)]
        if units:  # an XLIFF <file> holds one unit at least
            found.append(FileSection(project.relative(path), domain, tuple(units)))
    if not found:
        raise PipelineError(f"{lang.code} has no catalogue with messages to export; run `pipeline update` first")
    return found


def memory_units(project: Project, lang: Language, domains: list[str], drafts: bool) -> list[MemoryUnit]:
    """A language's reviewed translations (and with ``drafts``, machine drafts and fuzzy ones) as TMX units.

    Plural entries are left out: a memory pairs one text with one translation."""
    wanted = {EntryState.TRANSLATED} | ({EntryState.DRAFT, EntryState.FUZZY} if drafts else set())
    units: list[MemoryUnit] = []
    for domain in domains:
        read_back = read(project, lang, domain)
        if read_back is None:
            continue
        for entry in read_back[1]:
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            state = entry_state(entry)
            if state in wanted:
                units.append(
                    MemoryUnit(entry.msgid, entry.msgstr, domain, entry.msgctxt, state is not EntryState.TRANSLATED)
                )
    return units


# ---------------------------------------------------------------- in


def _normalized(text: str) -> str:
    return " ".join(text.split())


@dataclass
class CatalogueChanges:
    """What a file's units did to one catalogue (in memory)."""

    path: Path
    lang: Language
    domain: str
    catalogue: Catalogue | None  # None once released: nothing in it changed (read again if a later file needs it)
    units: int = 0
    changed: int = 0  # translations whose text changed (new ones included)
    reviewed: int = 0  # marked reviewed (fuzzy cleared)
    marked: int = 0  # marked as needing review (fuzzy)
    unchanged: int = 0
    empty: int = 0  # units without a translation: the catalogue's left as it was
    touched: list[polib.POEntry] = field(default_factory=list)


class Importer:
    """Reads an XLIFF file's sections against a project and applies them to its catalogues in memory."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.shown = ""
        self.changes: dict[Path, CatalogueChanges] = {}
        self.domains: list[str] = []

    def _error(self, message: str, line: int | None) -> ExchangeError:
        return ExchangeError(message, self.shown, line or 1)

    def _language(self, section: ReadFile) -> Language:
        project = self.project
        if not language_matches(section.source_language, language_range(project.source_language.code)):
            raise self._error(
                f"the file's source language is {section.source_language!r}, this project's is "
                f"{project.source_language.tag!r}",
                section.line,
            )
        wanted = language_range(section.target_language)
        for lang in project.languages:
            if language_range(lang.code) == wanted:
                return lang
        # A tool that names the region (ar-SA for our ar) still means the one language of ours it falls under.
        broader = [lang for lang in project.languages if language_matches(wanted, language_range(lang.code))]
        if len(broader) == 1:
            return broader[0]
        try:
            code = normalize_code(section.target_language)
        except LanguageError:
            code = section.target_language
        configured = ", ".join(lang.code for lang in project.languages)
        raise self._error(
            f"the file's target language {code!r} is not among this project's ({configured})", section.line
        )

    def _domain(self, section: ReadFile, lang: Language) -> str:
        domain = section.domain
        if domain is None:
            parts = section.original.split("/")
            if len(parts) == 4 and parts[0] == "locales" and parts[2] == "LC_MESSAGES" and parts[3].endswith(".po"):
                domain = parts[3][: -len(".po")]
        if domain is None or domain not in self.domains:
            named = domain if domain is not None else section.original
            raise self._error(
                f"the file's part {named!r} is none of this project's documents ({', '.join(self.domains)})",
                section.line,
            )
        return domain

    def apply(self, sections: Iterable[ReadFile], domains: list[str], shown: str) -> list[CatalogueChanges]:
        """Apply one file's sections, as they are read (``shown`` is its name in messages); every catalogue
        changed so far."""
        self.domains = domains
        self.shown = shown
        project_id = self.project.base_url
        for section in sections:
            if section.project is not None and section.project != project_id:
                raise self._error(
                    f"the file is for another project ({section.project}), not this one ({project_id})", section.line
                )
            lang = self._language(section)
            domain = self._domain(section, lang)
            path = self.project.catalogue_path(lang, domain)
            changes = self.changes.get(path)
            if changes is None or changes.catalogue is None:
                read_back = read(self.project, lang, domain)
                if read_back is None:
                    raise self._error(
                        f"{self.project.relative(path)} does not exist (run `pipeline update`)", section.line
                    )
                if changes is None:
                    changes = self.changes[path] = CatalogueChanges(path, lang, domain, read_back[1])
                changes.catalogue = read_back[1]
            self._apply_section(section, changes)
        # A catalogue the file changed nothing in is let go: an import of many files holds only what changes.
        for changes in self.changes.values():
            if not changes.touched:
                changes.catalogue = None
        return list(self.changes.values())

    def _apply_section(self, section: ReadFile, changes: CatalogueChanges) -> None:
        entries: dict[str, polib.POEntry] = {}
        assert changes.catalogue is not None  # read by apply
        for item in changes.catalogue:
            if not item.obsolete:
                entries[unit_id(item.msgctxt, item.msgid)] = item
        shown = self.project.relative(changes.path)
        forms: dict[int, dict[int, tuple[str | None, ReadUnit]]] = {}
        by_entry: dict[int, polib.POEntry] = {}
        for unit in section.units:
            base, _, form = unit.id.partition("-")
            entry = entries.get(base)
            if entry is None or bool(form) != bool(entry.msgid_plural) or (form and not form.isdigit()):
                raise self._error(
                    f"unit {unit.id!r} is not a message of {shown} any more: its source text changed since the file "
                    "was exported (export it again, and carry the translations over)",
                    unit.line,
                )
            index = int(form) if form else 0
            if entry.msgid_plural and index not in (entry.msgstr_plural or {0: ""}):
                raise self._error(
                    f"unit {unit.id!r}: {shown} has no plural form {index} (its forms are "
                    f"{', '.join(str(number) for number in sorted(entry.msgstr_plural))})",
                    unit.line,
                )
            source_text = entry.msgid if index == 0 else entry.msgid_plural
            current = entry.msgstr_plural.get(index, "") if entry.msgid_plural else entry.msgstr
            table = code_table(source_text, current)
            source = resolve(unit.source, table, self.shown, f"unit {unit.id!r}")
            if source != source_text and _normalized(source) != _normalized(source_text):
                raise self._error(
                    f"unit {unit.id!r}: its source text is not the one in {shown} (a stale or edited file; "
                    "a source text is never changed by an import)",
                    unit.line,
                )
            target = None if unit.target is None else resolve(unit.target, table, self.shown, f"unit {unit.id!r}")
            if target is not None and source_text == source_text.strip():
                target = target.strip()  # whitespace a tool indented the file with is not the translator's
            forms.setdefault(id(entry), {})[index] = (target, unit)
            by_entry[id(entry)] = entry
        for key, found in forms.items():
            self._apply_entry(by_entry[key], found, changes)

    def _apply_entry(
        self, entry: polib.POEntry, found: dict[int, tuple[str | None, ReadUnit]], changes: CatalogueChanges
    ) -> None:
        changes.units += len(found)
        targets = {index: target for index, (target, _) in found.items() if target}
        if not targets:
            changes.empty += 1
            return
        reviewed = all(unit.reviewed for target, unit in found.values() if target)
        if entry.msgid_plural:
            forms = dict(entry.msgstr_plural)
            new_forms = {**forms, **targets}
            if any(not new_forms.get(index) for index in new_forms) and reviewed:
                reviewed = False  # a plural entry with a form left empty is not a finished translation
            text_changed = new_forms != forms
        else:
            new_text = targets.get(0, entry.msgstr)
            text_changed = new_text != entry.msgstr
        fuzzy = "fuzzy" in entry.flags
        if not text_changed and fuzzy != reviewed:
            changes.unchanged += 1
            return
        if text_changed:
            changes.changed += 1
            if entry.msgid_plural:
                entry.msgstr_plural = new_forms
            else:
                entry.msgstr = new_text
        if reviewed and fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            changes.reviewed += 1
        elif not reviewed and not fuzzy:
            entry.flags.insert(0, "fuzzy")
            changes.marked += 1
        changes.touched.append(entry)
