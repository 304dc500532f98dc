"""Which pages to rewrite after an incremental read, so they equal a clean build.

A page shows data from other pages: an object page shows its "Referenced by" list and the
titles of the objects its header links to, a link shows its target's title, a listing shows
objects of its kind (and the titles of the places, speakers... in their rows), a source page
shows the highlights of every anchor, labelled with the annotation's title.

The domain's data is snapshot (a shallow copy: the lists of a document are replaced, never
changed, when it is read again) before anything is purged, kept in the build's state
(:mod:`glossator.sphinx.buildstate`), and compared with the data after reading. Only what differs leads to rewrites:

* documents whose outgoing references now resolve differently (or whose object changed
  title) -> the pages of the objects they refer to, old and new ("Referenced by");
* objects whose shown data changed (added, removed, any front-matter field) -> pages that
  link to them, the listings that show them, the sources they highlight;
* names (titles, aliases) and ids that now point elsewhere -> pages that use them;
* anchors that changed -> the pages of their sources.

Editing the text of one annotation therefore rewrites that page and no other, and renaming
an object rewrites exactly the pages that show its name. Rewriting everything would make an
edit cost a full build; the test suite compares the result with a clean build page by page.
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from glossator.sphinx.build.domainview import DomainView
from glossator.sphinx.buildstate import state_of
from glossator.sphinx.domain import GlossatorDomain


def _domain(env: BuildEnvironment) -> GlossatorDomain:
    return env.domains["glossator"]  # type: ignore[return-value]


def _on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Before anything is purged: keep a view of what every page shows now."""
    state_of(env).before_read = DomainView.of(_domain(env), copy=True)
    return []


def _changed_docs(old: DomainView, new: DomainView) -> set[str]:
    """Documents read again or removed: their per-document lists are new objects (or gone)."""
    changed: set[str] = set()
    for old_map, new_map in (
        (old.refs, new.refs),
        (old.spans, new.spans),
        (old.docobjects, new.docobjects),
        (old.listings, new.listings),
    ):
        for docname in old_map.keys() | new_map.keys():
            if old_map.get(docname) is not new_map.get(docname):
                changed.add(docname)
    changed.update(d for d, _ in old.sources.values())
    changed.update(d for d, _ in new.sources.values())
    return changed


def pages_to_rewrite(old: DomainView, new: DomainView, found_docs: set[str]) -> set[str]:
    """Pages that show something that differs between ``old`` and ``new``."""
    docs = _changed_docs(old, new)
    rewrite: set[str] = set()
    referred: set[str] = set()  # objects whose "Referenced by" list changed

    # objects whose shown data changed: any field, its page, or existence
    idents = {i for d in docs for i in (*old.defined(d), *new.defined(d))}
    shown_changed = {i for i in idents if old.objects.get(i) != new.objects.get(i)}

    for docname in docs:
        before, after = old.shown_refs(docname), new.shown_refs(docname)
        origins = {origin for _, _, origin in before | after}
        if any(o in shown_changed for o in origins) or "" in origins:
            # the origin's title (or the page's) is shown beside each backlink
            referred |= {i for i, _, _ in before | after if i is not None}
        else:
            referred |= {i for i, _, _ in before ^ after if i is not None}

    # names and ids that now point elsewhere: pages that use them resolve differently
    moved_names = {
        n for n in old.names.keys() | new.names.keys() if old.names.get(n) != new.names.get(n)
    }
    moved_ids = set(old.objects) ^ set(new.objects)
    if moved_names or moved_ids or shown_changed:
        for docname in new.refs.keys() - docs:
            for ref in new.refs[docname]:
                old_id, new_id = old.resolve(ref.target), new.resolve(ref.target)
                if old_id != new_id:
                    rewrite.add(docname)
                    referred |= {i for i in (old_id, new_id) if i is not None}
                elif new_id in shown_changed:
                    rewrite.add(docname)  # it shows the object's title

    if shown_changed:
        # listings show the objects of their kind and the titles their rows link to
        kinds = {v.objects[i].obj.kind for v in (old, new) for i in shown_changed if i in v.objects}
        for view in (old, new):
            for docname, refs in view.refs.items():
                if any(r.field != "body" and view.resolve(r.target) in shown_changed for r in refs):
                    kinds.update(view.objects[i].obj.kind for i in view.defined(docname))
        for docname, listed in new.listings.items():
            if kinds & set(listed):
                rewrite.add(docname)

    rewrite |= {d for d in map(new.doc_of, referred) if d is not None}
    # a place page shows where it is, which it may take from a place several steps up its
    # part_of / near chain: a changed place rewrites every place below it
    rewrite |= {d for d in map(new.doc_of, _places_below(old, new, shown_changed)) if d}

    # sources: anchors that changed, and highlights labelled with a changed title
    sources: set[str] = set()
    for docname in docs:
        if set(old.spans.get(docname, [])) != set(new.spans.get(docname, [])):
            sources |= {
                s.source for s in (*old.spans.get(docname, []), *new.spans.get(docname, []))
            }
    if shown_changed:
        for view in (old, new):
            for spans in view.spans.values():
                sources |= {s.source for s in spans if s.obj_id in shown_changed}
    for source_id in sources:
        if source_id in new.sources:
            rewrite.add(new.sources[source_id][0])

    return rewrite & found_docs


def _places_below(old: DomainView, new: DomainView, changed: set[str]) -> set[str]:
    """Places whose part_of / near chain, before or after, passes through a changed object."""
    below: dict[str, set[str]] = {}
    for view in (old, new):
        for ident, entry in view.objects.items():
            for up in (getattr(entry.obj, "part_of", None), getattr(entry.obj, "near", None)):
                parent = (
                    view.resolve(up) if isinstance(up, str) and entry.obj.kind == "place" else None
                )
                if parent is not None:
                    below.setdefault(parent, set()).add(ident)
    found: set[str] = set()
    todo = [i for i in changed if i in below]
    while todo:
        for child in below.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _on_get_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    state = state_of(env)
    old, state.before_read = state.before_read, None
    if old is None:
        return []
    return sorted(pages_to_rewrite(old, DomainView.of(_domain(env), copy=False), env.found_docs))


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-get-outdated", _on_get_outdated)
    app.connect("env-get-updated", _on_get_updated)
