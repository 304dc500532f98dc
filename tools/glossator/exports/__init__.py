"""Open-data exports of the archive, all made from the one object model.

=============== ========================= ====================================================
format          file (in the site's data/) what it is
=============== ========================= ====================================================
``archive``     ``archive.json``           every object and source (JSON Schema beside it)
``schema``      ``archive.schema.json``    the JSON Schema of ``archive.json``
``csv``         ``incidents.csv``          one row per incident, ACLED-like columns
``geojson``     ``incidents.geojson``      incidents located to a point, with precision (RFC 7946)
``annotations`` ``annotations.jsonld``     every anchor as a W3C Web Annotation
``claimreview`` (claim pages)              schema.org ClaimReview JSON-LD (embedded per page)
=============== ========================= ====================================================

The build writes the data folder at the end of every HTML build (:mod:`glossator.sphinx.exports`)
and ``glossator export`` writes the same bytes from the archive on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glossator.exports import (
    archive_json,
    claim_review,
    incidents_csv,
    incidents_geojson,
    web_annotations,
)
from glossator.exports.data import ExportData


@dataclass(frozen=True)
class Format:
    name: str
    filename: str
    render: Callable[[ExportData], bytes]
    in_data_folder: bool = True


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("archive", archive_json.FILE, archive_json.render),
        Format("schema", archive_json.SCHEMA_FILE, archive_json.render_schema),
        Format("csv", incidents_csv.FILE, incidents_csv.render),
        Format("geojson", incidents_geojson.FILE, incidents_geojson.render),
        Format("annotations", web_annotations.FILE, web_annotations.render),
        Format("claimreview", claim_review.FILE, claim_review.render, in_data_folder=False),
    )
}


def write_data_folder(data: ExportData, folder: Path) -> list[Path]:
    """Write every data-folder export and the verbatim source texts into ``folder``.

    Files are rewritten only when their bytes change (a rebuild leaves their times alone), and
    source texts of sources no longer in the archive are removed.
    """
    written: list[Path] = []
    for fmt in FORMATS.values():
        if fmt.in_data_folder:
            written.append(_write(folder / fmt.filename, fmt.render(data)))
    texts = folder / "sources"
    for source_id, source in data.sources.items():
        written.append(_write(texts / f"{source_id}.txt", source.raw))
    if texts.is_dir():
        keep = {f"{source_id}.txt" for source_id in data.sources}
        for stale in texts.glob("*.txt"):
            if stale.name not in keep:
                stale.unlink()
    return written


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != content:
        path.write_bytes(content)
    return path
