"""The site's search index: Pagefind run over the built site, then made reproducible and small.

:mod:`~glossator.search.index` runs Pagefind (``python -m glossator.search.index <site>``) and
then the rewrites, each sitting on :mod:`~glossator.search.pagefind` (the index files' format,
through ``cbor2``): :mod:`~glossator.search.stabilize` (filters in a canonical order),
:mod:`~glossator.search.compact` (short fragment names) and :mod:`~glossator.search.pages`
(the result ids of the source and reference pages). :mod:`~glossator.search.namefold` and
:mod:`~glossator.search.namehint` define when two spellings are one name; the Sphinx side
(:mod:`glossator.sphinx.namesindex`) writes their tables for the browser.
"""
