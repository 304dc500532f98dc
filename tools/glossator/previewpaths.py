"""What a live rebuild may skip once the watcher has said which pages changed.

Why: an incremental ``Sphinx.build()`` finds what changed by itself, and pays for it on every
page whatever changed: it lists the source folder again (``env.find_files``), compares the
modification time of every document and of its dependencies (``env.get_outdated_files``), and
the HTML builder compares every page's output with its source (``get_outdated_docs``); then
it pickles the whole environment to disk, copies the theme's and the site's static files again
(``copy_static_files``, ``copy_extra_files``), writes the object inventory (``objects.inv``)
of every object, and forks its reading and writing processes even for one page. At 10,000
annotations that is work for every one of them on each save.

The preview's watcher (``watchfiles``, through sphinx-autobuild) already knows which files
changed. When every one of them is a page the environment already has (an edit, not an
added, removed or renamed file, and nothing else: no template, static file, source text or
bibliography), the rebuild is told exactly those documents and skips the rest; anything else
gets Sphinx's own full look (:func:`told` is then not used). The pages written are the same
either way: ``tests/test_preview.py`` compares every page with a clean build. What the
environment on disk and the inventory are for (the next start of the server, other sites'
intersphinx) is not the page being looked at: :meth:`glossator.preview.LiveBuild.settle` writes
both once the edits stop (:func:`save_environment`, :func:`dump_inventory`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx

SERIAL_BELOW = 8
"""Fewer documents than this are read, or written, in the main process: forking a process
of a large environment costs more than reading or writing a few pages."""


def linked_folders(srcdir: Path) -> list[tuple[Path, str]]:
    """The folders of the source folder that are symbolic links (``docs/annotations``), resolved:
    the watcher reports a page by its real path, Sphinx knows it by the link's."""
    out: list[tuple[Path, str]] = []
    for entry in sorted(srcdir.iterdir()):
        if entry.is_symlink() and entry.is_dir():
            out.append((entry.resolve(), entry.name))
    return out


def edited_docs(
    app: Sphinx, paths: Iterable[Path], links: list[tuple[Path, str]]
) -> set[str] | None:
    """The documents ``paths`` are, if each is an existing page the environment has, else None."""
    env = app.env
    srcdir = Path(app.srcdir).resolve()
    docs: set[str] = set()
    for path in paths:
        if path.is_symlink() or not path.is_file():
            return None  # removed, renamed away, or a link: Sphinx's own look
        real = path.resolve()
        docname = None
        if real.is_relative_to(srcdir):
            docname = env.path2doc(os.fspath(real))
        else:
            for target, name in links:
                if real.is_relative_to(target):
                    rel = real.relative_to(target).as_posix()
                    docname = env.path2doc(os.fspath(srcdir / name / rel))
                    break
        if docname is None or docname not in env.found_docs or docname not in env.all_docs:
            return None
        if Path(env.doc2path(docname)).resolve() != real:
            return None  # another file of the same name (another suffix)
        docs.add(docname)
    return docs or None


class EnvironmentNotSaved(Exception):
    """Raised when a preview's environment file is read that was not written out (the server
    stopped between a rebuild and its quiet period): Sphinx then starts from a fresh one."""


def _not_saved() -> None:
    raise EnvironmentNotSaved("the live preview stopped before it saved its environment")


@contextmanager
def told(app: Sphinx, docs: set[str]) -> Iterator[None]:
    """During one ``app.build()``: the documents to read are ``docs``, the rest is unchanged.

    The methods are replaced on the environment and builder objects themselves, and restored
    (the environment's as soon as the documents to read are known: it is pickled after).
    Between the end of reading (``env-updated``) and the consistency check that follows
    Sphinx's saving of the environment, the environment pickles as a marker that refuses to
    be read (:class:`EnvironmentNotSaved`): the reading processes have sent back their
    documents by then, and the real file is written by :func:`save_environment`.
    """
    env: Any = app.env
    builder: Any = app.builder
    changed = docs | (env.reread_always & env.found_docs)

    def unsaved(app: Sphinx, env: Any) -> list[str]:
        env.__dict__["__reduce_ex__"] = lambda protocol: (_not_saved, ())
        return []

    def saved(*args: Any) -> None:
        env.__dict__.pop("__reduce_ex__", None)

    def outdated_files(config_changed: bool) -> tuple[set[str], set[str], set[str]]:
        # called once, after find_files: the environment is pickled later in the build, and
        # must then hold no replaced method
        env.__dict__.pop("find_files", None)
        env.__dict__.pop("get_outdated_files", None)
        return set(), set(changed), set()

    replaced: dict[tuple[Any, str], Any] = {
        (env, "find_files"): lambda config, builder: None,
        (env, "get_outdated_files"): outdated_files,
        (builder, "get_outdated_docs"): lambda: set(changed),
        (builder, "copy_static_files"): lambda: None,
        (builder, "copy_extra_files"): lambda: None,
        (builder, "dump_inventory"): lambda: None,
    }
    for (owner, name), replacement in replaced.items():
        setattr(owner, name, replacement)
    listeners = [
        app.connect("env-updated", unsaved, priority=1000),
        app.connect("env-check-consistency", saved, priority=0),
    ]
    try:
        yield
    finally:
        saved()
        for listener in listeners:
            app.disconnect(listener)
        for owner, name in replaced:
            owner.__dict__.pop(name, None)


def save_environment(app: Sphinx) -> None:
    """Write the environment as ``sphinx-build`` does after reading (what :func:`told` left)."""
    import pickle

    with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "wb") as out:
        pickle.dump(app.env, out, pickle.HIGHEST_PROTOCOL)


def dump_inventory(app: Sphinx) -> None:
    """Write ``objects.inv`` as the HTML builder does at the end of a build."""
    builder: Any = app.builder
    type(builder).dump_inventory(builder)


def few_in_main_process(app: Sphinx) -> None:
    """Read and write fewer than :data:`SERIAL_BELOW` documents without forking (for the
    application's life: a live build's rebuilds are mostly one page)."""
    builder: Any = app.builder
    read_parallel, write_parallel = builder._read_parallel, builder._write_parallel

    def read(docnames: list[str], nproc: int) -> None:
        if len(docnames) < SERIAL_BELOW:
            builder._read_serial(docnames)
        else:
            read_parallel(docnames, nproc)

    def write(docnames: list[str], nproc: int) -> None:
        if len(docnames) < SERIAL_BELOW:
            builder._write_serial(docnames)
        else:
            write_parallel(docnames, nproc)

    builder._read_parallel = read
    builder._write_parallel = write
