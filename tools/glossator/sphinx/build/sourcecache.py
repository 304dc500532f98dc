"""Loading source texts in the build: once per process, checksum verified, as a dependency.

Anchors on thousands of pages resolve against the same few sources, so a source is read and
verified once per build process, not once per anchor (kept in the build's state,
:mod:`glossator.sphinx.buildstate`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from glossator.sources import Source, load_source
from glossator.sphinx.buildstate import state_of


def archive_root(env: BuildEnvironment) -> Path:
    root: str = env.config.glossator_root
    return (Path(env.srcdir) / root).resolve()


def source_for(env: BuildEnvironment, source_id: str, *, note: bool = True) -> Source | None:
    """The verified source ``source_id``, or None if there is none. A bad checksum stops the build."""
    root = archive_root(env)
    folder = root / "sources" / source_id
    meta = folder / "source.yaml"
    if "/" in source_id or not meta.is_file():
        return None
    stamp = max(meta.stat().st_mtime, *(p.stat().st_mtime for p in folder.glob("*.txt")))
    loaded_sources = state_of(env).sources
    cached = loaded_sources.get(source_id)
    if cached is None or cached[0] != stamp:
        loaded = load_source(root, folder)
        errors = [d for d in loaded.diagnostics if d.severity == "error"]
        if errors:
            raise ExtensionError("refusing to build: " + "; ".join(d.as_text() for d in errors))
        cached = (stamp, loaded.source)
        loaded_sources[source_id] = cached
    source = cached[1]
    if source is not None and note:
        env.note_dependency(str(folder / "source.yaml"))
        env.note_dependency(str(folder / source.meta.text))
    return source
