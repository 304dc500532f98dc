"""The policy for contributed pages: what an annotation page may contain (codes GL3xx).

Every page in ``annotations/`` arrives through a pull request from a stranger, so its text is
untrusted input to the build. The policy is an **allowlist**: a page may use CommonMark, the
site's MyST extensions (:data:`glossator.markdown.MYST_EXTENSIONS`), links to the web
(``http``, ``https``, ``mailto``) and to pages of the archive, images of raster files beside
the page, the archive's roles and citations (:data:`ALLOWED_ROLES`) and a few directives with
a few options (:data:`ALLOWED_DIRECTIVES`). Anything else is an error, whatever it is: a list
of forbidden things is out of date with every new directive of MyST, Sphinx or an extension.

The page is read with the build's own MyST configuration (:func:`glossator.markdown.config`),
and a directive's options and body are split by MyST's own function
(``myst_parser.parsers.directives.parse_directive_text``) with the directive class the build
uses, so the check and the build cannot disagree about where a body starts.

The Sphinx extension enforces the same rules again (:mod:`glossator.sphinx.guards`): a page
with a policy error is built with an empty body, and the doctree of every contributed page is
held to an allowlist of node types.

Codes: GL301 (front-matter parser keys) lives in :mod:`glossator.pages` and GL310-GL313
(symlinks, size, unreadable, not UTF-8) in :mod:`glossator.archive`; the rest are here.

The policy is three modules: :mod:`~glossator.checks.policy.rules` (the allowlist's tables
and the rules the build shares), :mod:`~glossator.checks.policy.scan` (one page's tokens
walked) and :mod:`~glossator.checks.policy.files` (the checks: pages, labels, files). This
package's names are theirs, so that callers (the checks, the Sphinx guards) need not know
which part holds a rule.
"""

from glossator.checks.policy.files import (
    check_files,
    check_labels,
    check_page,
    check_pages,
    printable,
    site_labels,
)
from glossator.checks.policy.rules import (
    ADMONITIONS,
    ALLOWED_DIRECTIVES,
    ALLOWED_EXTRA_FILES,
    ALLOWED_ROLES,
    ALLOWED_SCHEMES,
    BAD_SCHEMES,
    BIDI_CONTROLS,
    BIDI_MARKS,
    BLOCK_TOKENS,
    IMAGE_DIRECTIVES,
    INLINE_TOKENS,
    INSTEAD,
    MAX_REPORTS,
    MAX_TAG_CHARS,
    NESTING_CLOSE,
    NESTING_OPEN,
    OPTION_VALUES,
    RASTER_SUFFIXES,
    RESERVED_IDS,
    RESERVED_LABELS,
    RESERVED_PREFIXES,
    allowed_url,
    bad_scheme,
    directive_class,
    directive_name,
    html_at,
    is_raster,
    is_reserved,
    raster_format,
    resolve,
    url_scheme,
)

__all__ = [
    "ADMONITIONS",
    "ALLOWED_DIRECTIVES",
    "ALLOWED_EXTRA_FILES",
    "ALLOWED_ROLES",
    "ALLOWED_SCHEMES",
    "BAD_SCHEMES",
    "BIDI_CONTROLS",
    "BIDI_MARKS",
    "BLOCK_TOKENS",
    "IMAGE_DIRECTIVES",
    "INLINE_TOKENS",
    "INSTEAD",
    "MAX_REPORTS",
    "MAX_TAG_CHARS",
    "NESTING_CLOSE",
    "NESTING_OPEN",
    "OPTION_VALUES",
    "RASTER_SUFFIXES",
    "RESERVED_IDS",
    "RESERVED_LABELS",
    "RESERVED_PREFIXES",
    "allowed_url",
    "bad_scheme",
    "check_files",
    "check_labels",
    "check_page",
    "check_pages",
    "directive_class",
    "directive_name",
    "html_at",
    "is_raster",
    "is_reserved",
    "printable",
    "raster_format",
    "resolve",
    "site_labels",
    "url_scheme",
]
