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

from typing import Any

from sphinx.application import Sphinx

from glossator import __version__
from glossator.gcpause import freeze_at_exit
from glossator.sphinx import (
    buildstate,
    checking,
    codelist,
    core,
    exports,
    guards,
    htmlnodes,
    listing,
    modeldoc,
    namesindex,
    places,
    rendering,
    search,
    sourcetext,
    suggest,
    timeline,
)
from glossator.sphinx.build import (
    bibcache,
    collector,
    forkedheaps,
    incremental,
    navigation,
    pagetemplates,
    parallelread,
    parallelwrite,
    pluginlookup,
)
from glossator.sphinx.domain import GlossatorDomain


def setup(app: Sphinx) -> dict[str, Any]:
    """One line per feature; each feature's ``setup_<feature>`` registers all it needs.

    The order is part of the output: handlers of one event at one priority run in the order
    they were connected (the page context, the files written at the end), and a page links
    the style sheets in the order they were added.
    """
    app.setup_extension("myst_parser")
    freeze_at_exit()  # the process exits without the collector walking every doctree
    core.setup_core(app)  # configuration, MyST as the check reads, domain, roles, object pages
    buildstate.setup_buildstate(app)  # this build's state, before anything uses it
    checking.setup_checks(app)  # glossator check, before anything is read
    parallelread.setup_parallel_read(app)  # -j: readers send back only their own documents
    parallelwrite.setup_parallel_write(app)  # -j N: N writing processes, not N - 1
    collector.setup_collector_pauses(app)  # no collection in the middle of a doctree or page
    forkedheaps.setup_forked_heaps(app)  # -j: no collector walks an inherited heap
    rendering.setup_rendering(app)  # listings, backlinks, highlights... at write time
    incremental.setup_incremental(app)  # the pages an incremental read makes outdated
    navigation.setup_navigation(app)  # the sidebar, rendered once per folder
    pagetemplates.setup_page_shortcuts(app)  # what every page asks the theme, asked once
    pluginlookup.setup_plugin_lookups(app)  # pybtex's plugin lookups, once per build
    bibcache.connect(app)  # each distinct citation formatted once per build
    guards.setup_guards(app)  # the page policy, enforced in the build
    exports.setup_exports(app)  # data/ and the claims' JSON-LD
    htmlnodes.setup_html_nodes(app)  # <mark>, dir="auto", search attributes
    search.setup_search(app)  # search filters, reference and source pages in the results
    namesindex.setup_names_index(app)  # the names index, for spelling-tolerant search
    timeline.setup_timeline(app)
    places.setup_places(app)  # the place index and its map
    sourcetext.setup_source_text(app)  # the article page (the reading room)
    listing.setup_listing(app)  # the listing pages, sortable
    modeldoc.setup_model_doc(app)  # the fields of each kind, in the reference
    codelist.setup_code_list(app)  # the diagnostic codes, in the reference
    suggest.setup_suggest(app)  # what the article's "Suggest a note" form reads
    app.add_css_file("glossator.css")  # the site's styles, after the features' own
    return {
        "version": __version__,
        "env_version": GlossatorDomain.data_version,
        # all per-document data lives in the domain, with clear_doc and merge_domaindata
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
