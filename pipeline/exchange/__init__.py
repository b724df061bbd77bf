"""Exchange files for the tools translators already use: XLIFF for CAT tools, TMX for translation memories.

This package owns reading and writing them (``xliff``, ``tmx``), the cutting
of a message's inline Markdown into codes (``inline``), the safe XML reader
every file from outside goes through (``xmlsafe``), and the mapping between
catalogues and these files (``catalogues``). The operations are in ``api``
(``export_xliff``, ``export_tmx``, ``import_xliff``); ``tmx.read_memory`` reads
an outside translation memory.
"""
