"""The catalogues builder (``publish-catalogues``): every catalogue the dashboard lists, published at its
place in the project (``locales/...``), for the dashboard's links.

A copy is made again only when its catalogue changed: a build that reads one
changed catalogue does not read the thousands of others again.
"""

from __future__ import annotations

from ..cache import digest
from ..errors import CatalogueError
from ..files import inside
from ..layout import catalogue_relative
from .base import SiteBuilder


class CataloguesBuilder(SiteBuilder):
    name = "catalogues"

    def finish(self) -> None:
        context = self.context
        if not context.project.publish_catalogues:
            return
        project, manifest, output = context.project, context.manifest, context.output
        for name, stats in sorted(manifest.stats.items()):
            if stats.missing:
                continue
            relative = catalogue_relative(name.code, name.domain)  # as the dashboard links it (pages._catalogue_href)
            found = manifest.inputs.get(relative)
            if found is not None and context.current(self.name, relative, found.digest):
                output.keep(relative)
                continue
            path = project.root / relative
            inside(path, project.locales_dir, relative)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CatalogueError(f"cannot read: {error.strerror}", relative) from None
            # The bytes copied, which a translator may have saved again since they were checked: the next build
            # sees the new ones and copies them.
            manifest.outputs.setdefault(self.name, {})[relative] = digest(data)
            output.put(relative, data)
