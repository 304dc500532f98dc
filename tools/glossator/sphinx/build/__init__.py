"""The build's machinery: what makes a build fast and its incremental rebuilds right.

None of these modules adds anything a reader sees; each makes Sphinx do less work for the
same output (docs/performance.md): reading processes that start from empty per-document data
(:mod:`~glossator.sphinx.build.parallelread`), the heaps of the forked processes kept from the
collector (:mod:`~glossator.sphinx.build.forkedheaps`), the pages an incremental read makes outdated
(:mod:`~glossator.sphinx.build.incremental`, over a
:mod:`~glossator.sphinx.build.domainview`), the sidebar rendered once per folder
(:mod:`~glossator.sphinx.build.navigation`), pybtex's plugin lookups and each distinct
citation done once per build (:mod:`~glossator.sphinx.build.pluginlookup`,
:mod:`~glossator.sphinx.build.bibcache`) and source texts read and verified once per process
(:mod:`~glossator.sphinx.build.sourcecache`). The features are the modules of
:mod:`glossator.sphinx` itself.
"""
