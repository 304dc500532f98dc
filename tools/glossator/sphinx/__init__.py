"""``glossator.sphinx``: the Sphinx extension of the annotated-source archive.

Add ``"glossator.sphinx"`` to ``extensions`` (after ``myst_parser`` and
``sphinxcontrib.bibtex``). Configuration:

``glossator_root``
    The archive root (holding ``sources/`` and ``annotations/``), relative to the folder of
    ``conf.py``. Default ``".."``.
``glossator_check_errors``
    ``"fail"`` (default): the build stops when ``glossator check`` finds errors.
    ``"warn"``: report them as warnings and build anyway (used to prove that a hostile page
    cannot subvert the build even when nothing validated it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes as du
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

from glossator import __version__, markdown
from glossator.markdown import PASSAGE_ROLE, ROLE_KINDS
from glossator.sphinx import (
    bibcache,
    bibstyle,
    guards,
    incremental,
    listing,
    modeldoc,
    navigation,
    parallelread,
    pluginlookup,
    reader,
    reading,
    sourcetext,
)
from glossator.sphinx import codes as codedoc
from glossator.sphinx import exports as data_exports
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain
from glossator.sphinx.roles import ObjectRole
from glossator.sphinx.sourcestore import archive_root

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """MyST configured from the one definition the check uses, whatever ``conf.py`` says.

    Every field of :func:`glossator.markdown.config` is copied (extensions, disabled syntax,
    URL schemes...), so that ``glossator check`` and the build read a page the same way.
    """
    myst = markdown.config()
    for name, _, field in myst.as_triple():
        if "sphinx" not in field.metadata.get("omit", []):
            config[f"myst_{name}"] = getattr(myst, name)
    if config.glossator_check_errors not in ("fail", "warn"):
        raise ExtensionError("glossator_check_errors must be 'fail' or 'warn'")
    html_static = list(config.html_static_path)
    if str(STATIC) not in html_static:
        config.html_static_path = [*html_static, str(STATIC)]


def _on_builder_inited(app: Sphinx) -> None:
    # docutils settings for every page: contributor text may not include files or raw output
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False
    _run_checks(app)


def _run_checks(app: Sphinx) -> None:
    """The same checks as ``glossator check``, before anything is read.

    In ``fail`` mode errors are logged as Sphinx errors (``file:line: ERROR: GL104 ...``) and
    the build's exit status is 1, like ``-W --keep-going``: the contributor sees every problem
    in one run, and CI fails. (Raising would print Sphinx's crash report for a user error.)
    """
    from glossator import archive, checks
    from glossator.heap import collector_paused

    root = archive_root(app.env)
    with collector_paused():
        loaded = archive.load(root)
        found = checks.run(loaded)
    guards.remember_passed(app, loaded.pages, found)
    errors = 0
    for problem in found:
        if problem.severity == "error":
            errors += 1
        text = f"{problem.code} {problem.message}" + (f" ({problem.hint})" if problem.hint else "")
        # Sphinx reads a location without ':' as a docname; a whole-file finding names its
        # file in the message instead
        location: str | None = f"{root / problem.path}:{problem.line}"
        if not problem.line:
            location, text = None, f"{root / problem.path}: {text}"
        if problem.severity == "error" and app.config.glossator_check_errors == "fail":
            logger.error("%s", text, location=location)
        else:
            logger.warning("%s", text, location=location, type="glossator", subtype="check")
    if errors and app.config.glossator_check_errors == "fail":
        logger.error(
            "glossator check found %d error(s): the build will fail; fix them, or set "
            "glossator_check_errors = 'warn' to build anyway",
            errors,
        )
        app.statuscode = 1


def _on_doctree_resolved(app: Sphinx, doctree: du.document, docname: str) -> None:
    domain = reading.domain_of(app.env)
    builder = app.builder
    for listing_node in list(doctree.findall(gnodes.object_listing)):
        listing.render_listing(listing_node, domain, builder, docname)
    for backrefs_node in list(doctree.findall(gnodes.referenced_by)):
        listing.render_referenced_by(backrefs_node, domain, builder, docname)
    for coverage_node in list(doctree.findall(gnodes.source_coverage)):
        sourcetext.render_coverage(coverage_node, domain)
    sourcetext.highlight(doctree, domain, builder, docname)


def _visit_passage(self: Any, node: du.Element) -> None:
    self.visit_paragraph(node)


def _depart_passage(self: Any, node: du.Element) -> None:
    self.depart_paragraph(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    bibstyle.register()  # bibtex_default_style = "glossator"
    app.add_config_value("glossator_root", "..", "env", types=[str])
    app.add_config_value("glossator_check_errors", "fail", "env", types=[str])
    app.add_domain(GlossatorDomain)
    for role in (*ROLE_KINDS, PASSAGE_ROLE):
        app.add_role(role, ObjectRole(role), override=True)
        app.add_role_to_domain("glossator", role, ObjectRole(role), override=True)
    # the header of an object page (inserted by glossator.sphinx.reading), once per page;
    # every other directive of the extension is for the archive's own pages (docs/) only
    app.add_directive("glossator-object", guards.once_per_page(reading.ObjectHeader))
    app.add_directive("source-text", guards.archive_only(sourcetext.SourceText, source_page=True))
    app.add_directive("glossator-list", guards.archive_only(listing.ObjectList))
    app.add_directive("glossator-fields", guards.archive_only(modeldoc.FieldTable))
    app.add_directive("glossator-codes", guards.archive_only(codedoc.CodeList))
    app.add_transform(reading.WrapObjectPage)
    for node_class in (*gnodes.PLACEHOLDERS, gnodes.object_marker):
        app.add_node(node_class)
    app.add_node(
        gnodes.source_passage,
        override=True,
        html=(_visit_passage, _depart_passage),
        latex=(_visit_passage, _depart_passage),
        text=(_visit_passage, _depart_passage),
    )
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    parallelread.connect(app)  # -j: reading processes send back only their own documents
    app.connect("source-read", reading.on_source_read)
    app.connect("doctree-read", reading.on_doctree_read, priority=800)
    app.connect("doctree-resolved", _on_doctree_resolved)
    incremental.connect(app)
    navigation.connect(app)  # the sidebar, rendered once per folder
    pluginlookup.cache_plugin_lookups()  # pybtex's plugin lookups, once per build
    bibcache.connect(app)  # each distinct citation formatted once per build
    guards.connect(app)
    data_exports.connect(app)
    reader.setup(app)
    app.add_css_file("glossator.css")
    return {
        "version": __version__,
        "env_version": GlossatorDomain.data_version,
        # all per-document data lives in the domain, with clear_doc and merge_domaindata
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
