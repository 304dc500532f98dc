"""``glossator.sphinx.links``: link to a glossator archive from another Sphinx project.

Sphinx's ``external`` role only accepts a domain that the linking project knows, so a project
that cites this archive needs the ``glossator`` domain and its roles, but none of the archive
machinery (no sources, no checks, no MyST settings). Add this extension beside
``sphinx.ext.intersphinx`` and point ``intersphinx_mapping`` at the archive's site::

    extensions = ["sphinx.ext.intersphinx", "glossator.sphinx.links"]
    intersphinx_mapping = {"archive": ("https://archive.example/", None)}

then write ``:external+archive:glossator:person:`safaa-al-asam``` (reStructuredText) or
``{external+archive:glossator:incident}`hasakah-prison-attack-2022``` (MyST). A project that
is itself an archive (it loads ``glossator.sphinx``) already has the domain.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from glossator import __version__
from glossator.markdown import PASSAGE_ROLE, ROLE_KINDS
from glossator.sphinx.domain import GlossatorDomain
from glossator.sphinx.roles import ObjectRole


def setup(app: Sphinx) -> dict[str, Any]:
    if GlossatorDomain.name not in app.registry.domains:
        app.add_domain(GlossatorDomain)
        for role in (*ROLE_KINDS, PASSAGE_ROLE):
            app.add_role_to_domain(GlossatorDomain.name, role, ObjectRole(role))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
