"""SCORM 1.2 packages: one zip per module, with `imsmanifest.xml` at its root (one organization, one item, one
SCO resource listing every file) and everything the module's page needs inside it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from content.training.model import Module

MANIFEST = "imsmanifest.xml"


def package_id(module: Module) -> str:
    """Stable across minor versions, new for a new major version, so that the platform treats it as a new course."""
    return f"koord-{module.id}-v{module.major_version}"


def manifest_xml(module: Module, files: list[str], organisation: str | None = None) -> str:
    """The package's manifest; a trust's edition names the trust in the course's title on the platform."""
    listed = "\n".join(f"      <file href={quoteattr(name)}/>" for name in sorted(files))
    title = escape(f"{module.title} ({organisation})" if organisation else module.title)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(package_id(module))} version={quoteattr(module.version)}
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="organisasjon">
    <organization identifier="organisasjon">
      <title>{title}</title>
      <item identifier="modul" identifierref="sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{module.pass_mark}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
{listed}
    </resource>
  </resources>
</manifest>
"""


def write_package(target: Path, module: Module, files: dict[str, bytes], organisation: str | None = None) -> Path:
    """Write `files` (path in the package -> content) and the manifest as `<id>-<version>.zip` in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{module.id}-{module.version}.zip"
    # The fastest compression: the theme's stylesheets and scripts are most of every package, and the build writes
    # the packages every time; level 6 (the default) took three times as long for a few per cent smaller files.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(MANIFEST, manifest_xml(module, list(files), organisation))
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return path
