"""The build's open-data exports: ``data/`` at the end of an HTML build, JSON-LD in claim pages.

Both are made from the objects the ``glossator`` domain recorded while reading the pages, so the
site, its data files and ``glossator export`` describe one and the same model. The data folder
is written when the build has finished (all pages are known then); the ``ClaimReview`` of a
claim is added to its page's ``<head>`` as a ``<script type="application/ld+json">`` whose JSON
cannot end the element, however hostile the contributed text in it.

Configuration: ``glossator_base_url`` (default: ``html_baseurl``) makes the links in the exports
absolute; without it they are relative, so the site works wherever it is hosted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from glossator.exports import write_data_folder
from glossator.exports.claim_review import page_json_ld
from glossator.exports.data import DATA_DIR, ExportData, from_objects
from glossator.exports.serialize import script_json
from glossator.model import Claim
from glossator.sources import Source
from glossator.sphinx.build.sourcecache import source_for
from glossator.sphinx.buildstate import state_of
from glossator.sphinx.reading import domain_of

logger = logging.getLogger(__name__)

HTML_BUILDERS = frozenset({"html", "dirhtml"})
"""Builders whose output is a site that the data folder belongs to (not epub, not singlehtml)."""


def _base_url(app: Sphinx) -> str:
    return str(app.config.glossator_base_url or app.config.html_baseurl or "")


def export_data(app: Sphinx) -> ExportData:
    """The domain's objects and sources, with the URIs this builder gives their pages."""
    domain = domain_of(app.env)
    builder = app.builder
    objects = [entry.obj for entry in domain.objects.values()]
    wanted = set(domain.sources) | {a.source for obj in objects for a in obj.anchors}
    sources: dict[str, Source] = {}
    for source_id in sorted(wanted):
        source = source_for(app.env, source_id, note=False)
        if source is not None:
            sources[source_id] = source
    return from_objects(
        objects,
        sources,
        {ident: builder.get_target_uri(e.docname) for ident, e in domain.objects.items()},
        {sid: builder.get_target_uri(docname) for sid, (docname, _) in domain.sources.items()},
        _base_url(app),
    )


def _written_data(app: Sphinx) -> ExportData:
    """The export data of the pages being written, made once: the objects no longer change."""
    state = state_of(app.env)
    if state.export_data is None:
        state.export_data = export_data(app)
    return state.export_data


def _forget(app: Sphinx, *args: object) -> None:
    state_of(app.env).export_data = None


def _on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    builder = app.builder
    if builder.name not in HTML_BUILDERS or not isinstance(builder, StandaloneHTMLBuilder):
        return
    domain = domain_of(app.env)
    claims = [e.obj for e in domain.objects_in(pagename) if isinstance(e.obj, Claim)]
    if not claims:
        return
    data = _written_data(app)
    page_uri = builder.get_target_uri(pagename)
    for claim in claims:
        body = script_json(page_json_ld(claim, data, page_uri))
        builder.add_js_file("", body=body, type="application/ld+json")


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    folder = Path(app.outdir) / DATA_DIR
    written = write_data_folder(export_data(app), folder)
    logger.info("glossator: wrote %d data files to %s", len(written), folder)


def setup_exports(app: Sphinx) -> None:
    app.add_config_value("glossator_base_url", "", "html", types=[str])
    app.connect("html-page-context", _on_html_page_context)
    app.connect("env-updated", _forget)  # read again: make the export data anew
    app.connect("build-finished", _on_build_finished)
    app.connect("build-finished", _forget)
