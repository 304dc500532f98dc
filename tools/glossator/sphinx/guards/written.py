"""What is written: the links of contributed pages and every toctree's entries checked once more
just before writing, and no script from another site (guard 4: see :mod:`glossator.sphinx.guards`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from glossator.checks import policy
from glossator.sphinx import findings
from glossator.sphinx.domain import is_annotation

_warn = findings.warn


# -- 4. what is written ------------------------------------------------------------------------


def guard_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Just before writing: links of contributed pages, and the entries of every toctree.

    Toctree entries become links only now (``_resolve_toctree``, after this event), and
    Sphinx takes anything matching ``.+://`` for a URL: ``javascript://%0Aalert(1)`` too.
    """
    for toctree in list(doctree.findall(addnodes.toctree)):
        if is_annotation(docname):
            _warn("GL304", "toctree removed", toctree)
            toctree.parent.remove(toctree)
            continue
        entries: list[tuple[str | None, str]] = toctree.get("entries", [])
        kept = [(title, ref) for title, ref in entries if _toctree_ref_ok(ref)]
        if len(kept) != len(entries):
            _warn("GL307", "toctree entry with a URL scheme other than http(s) removed", toctree)
            toctree["entries"] = kept
    if not is_annotation(docname):
        return
    for node in list(doctree.findall(nodes.reference)):
        uri = node.get("refuri")
        if isinstance(uri, str) and policy.url_scheme(uri) and not policy.allowed_url(uri):
            _warn("GL307", "link with a URL scheme other than http(s) removed", node)
            node.replace_self(nodes.inline("", "", *node.children))


def _toctree_ref_ok(ref: str) -> bool:
    return ("://" not in ref and ":" not in ref.split("/", 1)[0]) or policy.allowed_url(ref)


def same_origin_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The site loads no script from elsewhere (MathJax from a CDN, for one): any such
    script of a page is dropped, with a warning, so a strict build fails."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    kept = []
    for script in scripts:
        name = str(getattr(script, "filename", script))
        if "://" in name or name.startswith("//"):
            _warn("GL322", f"script from another site ({name[:80]}) left out", pagename)
        else:
            kept.append(script)
    context["script_files"] = kept
