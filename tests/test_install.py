"""Installs that hold a year from now: every dependency pinned, the pins inside pyproject's bounds."""

from __future__ import annotations

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPOSITORY


def declared() -> dict[str, list[Requirement]]:
    """pyproject.toml's requirements: the runtime ones under "", each extra's under its name."""
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {"": [Requirement(text) for text in project["dependencies"]]}
    for extra, texts in project["optional-dependencies"].items():
        found[extra] = [Requirement(text) for text in texts]
    return found


def pins() -> dict[str, str]:
    pinned = {}
    for line in (REPOSITORY / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned_version = line.partition("==")
            assert pinned_version, f"constraints.txt: {line!r} is not name==version"
            pinned[canonicalize_name(name)] = pinned_version.strip()
    return pinned


# The lock covers what the README's commands and the benchmark install; the fuzzing extra builds
# atheris against the machine's clang and is left to the person who runs it.
LOCKED_EXTRAS = ["", "test", "lint", "bench"]


@pytest.mark.parametrize("extra", LOCKED_EXTRAS)
def test_every_dependency_is_pinned_within_its_declared_range(extra):
    pinned = pins()
    for requirement in declared()[extra]:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in constraints.txt: run bash .ci/upgrade-lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pinned[name]}, outside pyproject.toml's {requirement}"
        )


def test_the_libraries_whose_data_shape_the_output_have_upper_bounds():
    runtime = {canonicalize_name(requirement.name): requirement for requirement in declared()[""]}
    for name in ("babel", "markdown-it-py", "num2words"):
        assert any(spec.operator in ("<", "<=", "~=", "==") for spec in runtime[name].specifier), name
