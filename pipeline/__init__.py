"""pipeline: Markdown documents -> gettext catalogues -> a localized site.

The stages, one module each: ``segment`` (source documents into messages),
``extract`` (templates), ``pofile`` and ``catalogue`` (translators' files),
``status`` (progress), ``render`` and ``build`` (the site), ``cli``.
"""

__version__ = "0.1.0"
