"""The README's command examples as data: fenced blocks, their markers, their commands, and the matching rules.

tests/test_readme.py runs the examples; the reading, matching and rewriting
live here, apart from the scenarios, so that each rule can be tested on a few
lines of text (a rule no test can break would prove nothing).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import cache

PROGRAM = ".venv/bin/pipeline"
ELLIPSIS = "..."
PROMPT = "$ "

MARKER = re.compile(r"^<!-- example: ([a-z0-9][a-z0-9-]*) -->$")
# Anything that looks like it means to be a marker: a misspelt one must fail, not silently mark nothing.
MARKER_LIKE = re.compile(r"<!--\s*examples?\b", re.IGNORECASE)
FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^`]*)$")
RUNS_PROGRAM = re.compile(r"(?:^|[\s;&|(])" + re.escape(PROGRAM) + r"(?![\w./-])")
# A duration as the tool prints one ("rebuilt in 0.36 s"): its value changes from run to run, its unit may not.
DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?( ?)(ms|µs|min|s)\b")


class ExampleError(Exception):
    """The README block cannot be read as an example (said in the failing test, not at collection)."""


@dataclass
class Block:
    """A fenced code block: where it is in the README's lines, its text without the fence's indentation."""

    start: int  # the opening fence's line index
    end: int  # the closing fence's line index
    indent: str
    info: str
    body: list[str]
    marker: str | None = None

    def shows_prompt(self) -> bool:
        return any(line.startswith(PROMPT) for line in self.body)

    def runs_program(self) -> bool:
        return any(RUNS_PROGRAM.search(line) for line in self.body)


@dataclass
class Command:
    """One command of an example and the output the README claims for it."""

    args: list[str]  # the words after PROGRAM
    shown: str | None  # the `$ ` line as written; None when the command is in the block before
    gap: list[str] = field(default_factory=list)  # blank lines that separate it from the previous command
    expected: list[str] = field(default_factory=list)


@dataclass
class Example:
    name: str
    occurrence: int  # 0 for the first block with this marker, 1 for the second, ...
    block: Block
    commands: list[Command]

    @property
    def elided(self) -> bool:
        return any(line == ELLIPSIS for command in self.commands for line in command.expected)


@dataclass
class Readme:
    lines: list[str]
    blocks: list[Block]
    stray_markers: list[int]  # line indexes of marker-like comments not right before a fence

    def examples(self) -> list[tuple[str, int, int]]:
        """(marker, occurrence, block index) for every marked block, in README order."""
        seen: dict[str, int] = {}
        found = []
        for index, block in enumerate(self.blocks):
            if block.marker is not None:
                found.append((block.marker, seen.get(block.marker, 0), index))
                seen[block.marker] = seen.get(block.marker, 0) + 1
        return found

    def block_of(self, name: str, occurrence: int) -> int:
        for marker, nth, index in self.examples():
            if (marker, nth) == (name, occurrence):
                return index
        raise ExampleError(f"the README no longer has example {name!r} (occurrence {occurrence + 1})")

    def uncovered(self) -> list[Block]:
        """Blocks that show or run a command without being tied to a scenario.

        A marked block without `$ ` lines is an output block: the command it
        shows the output of is the block right before it, which it covers.
        """
        covered = set()
        for index, block in enumerate(self.blocks):
            if block.marker is not None:
                covered.add(index)
                if not block.shows_prompt() and index > 0:
                    covered.add(index - 1)
        return [
            block
            for index, block in enumerate(self.blocks)
            if index not in covered and (block.shows_prompt() or block.runs_program())
        ]


def parse_readme(text: str) -> Readme:
    lines = text.split("\n")
    blocks: list[Block] = []
    markers: set[int] = set()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = opening.groups()
        closing = re.compile("^" + indent + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        end = next((at for at in range(index + 1, len(lines)) if closing.match(lines[at])), None)
        if end is None:
            raise ExampleError(f"README.md:{index + 1}: a fenced block is never closed")
        body = [line[len(indent) :] if line.startswith(indent) else line.lstrip(" ") for line in lines[index + 1 : end]]
        marker = None
        if index > 0:
            named = MARKER.match(lines[index - 1].strip())
            if named:
                marker = named.group(1)
                markers.add(index - 1)
        blocks.append(Block(index, end, indent, info.strip(), body, marker))
        index = end + 1
    inside = {at for block in blocks for at in range(block.start, block.end + 1)}
    stray = [at for at, line in enumerate(lines) if MARKER_LIKE.search(line) and at not in markers and at not in inside]
    return Readme(lines, blocks, stray)


def program_args(text: str) -> list[str]:
    """The arguments of a `.venv/bin/pipeline ...` command line (a `# comment` after it is the README's aside)."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError as error:
        raise ExampleError(f"cannot read the command {text!r}: {error}") from None
    if not words or words[0] != PROGRAM:
        raise ExampleError(f"{text!r} does not run {PROGRAM}: only the tool's own commands can be checked")
    return words[1:]


def program_commands(block: Block) -> list[list[str]]:
    """The pipeline commands in a shell block such as `python3 -m venv .venv && ... && .venv/bin/pipeline build`."""
    found = []
    for line in block.body:
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise ExampleError(f"cannot read the command {line!r}: {error}") from None
        part: list[str] = []
        for word in [*words, "&&"]:
            if word in ("&&", "||", ";"):
                if part and part[0] == PROGRAM:
                    found.append(part[1:])
                part = []
            else:
                part.append(word)
    return found


def example_of(readme: Readme, name: str, occurrence: int) -> Example:
    index = readme.block_of(name, occurrence)
    block = readme.blocks[index]
    if not block.shows_prompt():
        # An output block: it shows what the command of the block before it prints.
        before = readme.blocks[index - 1] if index > 0 else None
        commands = program_commands(before) if before is not None else []
        if len(commands) != 1:
            raise ExampleError(
                f"README.md:{block.start + 1}: a marked block without `{PROMPT}` lines shows the output of "
                f"the one {PROGRAM} command in the block before it; that block has {len(commands)}"
            )
        return Example(name, occurrence, block, [Command(commands[0], None, [], list(block.body))])
    commands: list[Command] = []
    blank: list[str] = []
    for line in block.body:
        if line.startswith(PROMPT):
            commands.append(Command(program_args(line[len(PROMPT) :]), line, blank))
            blank = []
        elif not commands:
            raise ExampleError(f"README.md:{block.start + 1}: output before the block's first `{PROMPT}` line")
        elif line.strip() == "":
            blank.append(line)  # a separator if a `$ ` line follows, else part of the output
        else:
            commands[-1].expected += [*blank, line]
            blank = []
    commands[-1].expected += blank
    return Example(name, occurrence, block, commands)


def same_line(expected: str, actual: str) -> bool:
    """Equal, but for the values of durations (`0.36 s` matches `1.02 s`, not `1.02 ms`)."""
    if expected == actual:
        return True
    return DURATION.sub(r"#\1\2", expected) == DURATION.sub(r"#\1\2", actual)


def lines_match(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a line that is `...` alone matches any number of lines, none included."""

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i] == ELLIPSIS:
            return match(i + 1, j) or (j < len(actual) and match(i, j + 1))
        return j < len(actual) and same_line(expected[i], actual[j]) and match(i + 1, j + 1)

    return match(0, 0)


def aligned(expected: list[str], actual: list[str]) -> list[str]:
    """The actual lines laid out against the README's, for a diff that shows only the lines that really differ.

    A README line that matches is kept as written (with its duration: regenerating changes only what
    changed); where `...` matches lines, `...` stands for them. The alignment matches as many README lines
    as it can, then leaves as few printed lines unpaired as it can; `...` takes any run of lines for free.
    """
    rows, columns = len(expected), len(actual)
    missed = columns + 1  # a README line unmatched costs more than every printed line left over
    # cost[i][j]: the cheapest alignment of expected[i:] with actual[j:]
    cost = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows, -1, -1):
        for j in range(columns, -1, -1):
            options = []
            if i < rows and expected[i] == ELLIPSIS:
                options.append(cost[i + 1][j])
                if j < columns:
                    options.append(cost[i][j + 1])
            else:
                if i < rows and j < columns:
                    options.append(cost[i + 1][j + 1] + (0 if same_line(expected[i], actual[j]) else missed))
                if i < rows:
                    options.append(cost[i + 1][j] + missed)
                if j < columns:
                    options.append(cost[i][j + 1] + 1)
            cost[i][j] = min(options, default=0)
    shown: list[str] = []
    i = j = 0
    while i < rows or j < columns:
        if i < rows and expected[i] == ELLIPSIS:
            # The ellipsis stands for no more lines than it must: the next README line may pair with one.
            if cost[i][j] == cost[i + 1][j]:
                shown.append(ELLIPSIS)
                i += 1
            else:
                j += 1
        elif i < rows and j < columns and same_line(expected[i], actual[j]) and cost[i][j] == cost[i + 1][j + 1]:
            shown.append(expected[i])
            i, j = i + 1, j + 1
        elif i < rows and j < columns and cost[i][j] == cost[i + 1][j + 1] + missed:
            shown.append(actual[j])  # printed in place of the README's line
            i, j = i + 1, j + 1
        elif i < rows and cost[i][j] == cost[i + 1][j] + missed:
            i += 1  # a README line the tool does not print
        else:
            shown.append(actual[j])  # a line the README does not show
            j += 1
    return shown


def block_body(example: Example, outputs: list[list[str]]) -> list[str]:
    """The block as it would read with these outputs: each `$ ` line as written, then what it printed."""
    body: list[str] = []
    for command, output in zip(example.commands, outputs, strict=True):
        if command.shown is not None:
            body += [*command.gap, command.shown]
        body += aligned(command.expected, output)
    return body


def replace_block(text: str, name: str, occurrence: int, body: list[str]) -> str:
    """The README text with one marked block's contents replaced (its fence, marker and indentation kept)."""
    readme = parse_readme(text)
    block = readme.blocks[readme.block_of(name, occurrence)]
    indented = [block.indent + line if line else "" for line in body]
    return "\n".join(readme.lines[: block.start + 1] + indented + readme.lines[block.end :])
