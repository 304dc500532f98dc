"""Roles that link objects: ``{person}`al-asam```, ``{org}`Daesh```, ``{passage}`src#p7```.

Each role makes a ``pending_xref`` for the ``glossator`` domain; the domain resolves it at
write time (ids first, then titles and aliases) and warns, with file and line, if it cannot.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxRole

from glossator.markdown import split_role_text


class ObjectRole(SphinxRole):
    def __init__(self, reftype: str) -> None:
        super().__init__()
        self.reftype = reftype

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        title, target = split_role_text(self.text)
        node = pending_xref(
            self.rawtext,
            refdomain="glossator",
            reftype=self.reftype,
            reftarget=target,
            refexplicit=title is not None,
            refdoc=self.env.docname,
            refwarn=False,
            glossator_body=True,
        )
        shown = title if title is not None else target
        node += nodes.inline(shown, shown, classes=["glossator-xref", f"glossator-{self.reftype}"])
        self.set_source_info(node)
        return [node], []
