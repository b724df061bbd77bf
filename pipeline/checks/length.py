"""The ``length`` check: a translation far longer or shorter than translations into its language usually are."""

from __future__ import annotations

from .langdata import EXPANSION
from .registry import WARNING, Context, Finding, Level, check


@check("length", WARNING, Level.PAIR, "much longer or shorter than a translation into this language usually is")
def length(source: str, translation: str, context: Context) -> list[Finding]:
    """far longer or shorter than usual for the language (ratios per language: Chinese is short, French long)"""
    original, translated = context.plain(source).strip(), context.plain(translation).strip()
    if len(original) < 20 or not translated:
        return []  # too short for a ratio to mean anything
    expected = EXPANSION.get(context.lang.code.split("_")[0], 1.0) / EXPANSION.get(
        context.source.code.split("_")[0], 1.0
    )
    ratio = len(translated) / len(original)
    if ratio > expected * 2.0 or ratio < expected / 2.0:
        return [Finding(f"the translation is {ratio:.1f} times as long as the source (about {expected:.1f} is usual)")]
    return []
