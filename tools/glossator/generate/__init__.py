"""``glossator generate``: a synthetic archive of any size, for benchmarks and scale tests.

Why: the real archive is one article and a few dozen pages; the questions of scale (is the
check still instant, does the build stay linear, do incremental builds stay correct) need
thousands of pages that look like the real ones. The generator writes a complete archive --
``sources/``, ``annotations/`` and ``docs/`` with ``conf.py`` and a bibliography -- on which
``glossator check`` and ``sphinx-build`` run exactly as on the real one.

Everything is synthetic and says so: the texts are sentences drawn from a word list written
for this module, the names are made of syllables, the bibliography entries are marked as
generated. Nothing is copied from a real article. The output is a pure function of
``(annotations, sources, seed)``: the same arguments give byte-identical files.

Density follows the real archive: every page refers to other objects in its front matter and
with roles in its text (by id, by title or by alias), most pages anchor a quote in a source,
some cite the bibliography, and references favour a few central objects (the organization an
article is about is named on most pages), so some "Referenced by" lists are long.
"""

from __future__ import annotations

from pathlib import Path

from glossator.diagnostics import GlossatorError
from glossator.generate.corpus import Generator
from glossator.generate.files import write_archive
from glossator.generate.tables import KIND_SHARES, SYLLABLES, WORDS, Summary
from glossator.model import KINDS


def generate(out: Path, annotations: int, sources: int, seed: int) -> Summary:
    """Write a synthetic archive of ``annotations`` pages over ``sources`` sources into ``out``."""
    if annotations < len(KINDS):
        raise GlossatorError(f"--annotations must be at least {len(KINDS)} (one of each kind)")
    if sources < 1:
        raise GlossatorError("--sources must be at least 1")
    if out.exists() and any(out.iterdir()):
        raise GlossatorError(f"{out} is not empty; give a new or empty folder")
    gen = Generator(annotations, sources, seed)
    gen.run()
    write_archive(gen, out)
    return Summary(
        annotations=len(gen.items),
        sources=len(gen.sources),
        by_kind={k: len(v) for k, v in gen.by_kind.items()},
        **gen.counts,
    )


__all__ = ["KIND_SHARES", "SYLLABLES", "WORDS", "Summary", "generate", "write_archive"]
