"""SCORM 1.2 packages: one zip per module, with `imsmanifest.xml` at its root (one organization, one item, one
SCO resource listing every file) and everything the module's page needs inside it."""

from __future__ import annotations

import io
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


def shared_files(files: dict[str, bytes]) -> bytes:
    """A zip of what every package carries (the theme's stylesheets, the quiz's scripts): compressed once for all the
    packages of a build, which are copies of it with their own page and manifest added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def write_package(target: Path, module: Module, page: bytes, shared: bytes, organisation: str | None = None) -> Path:
    """Write the module's package as `<id>-<version>.zip` in `target`: the `shared` files (`shared_files`), the
    module's `index.html` and the manifest that lists them all."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{module.id}-{module.version}.zip"
    path.write_bytes(shared)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        files = [*archive.namelist(), "index.html"]
        archive.writestr(MANIFEST, manifest_xml(module, files, organisation))
        archive.writestr("index.html", page)
    return path
