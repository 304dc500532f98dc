"""What the article page's "Suggest a note" form needs, written at build time.

``_static/glossator-suggest.json`` holds the note template that ``glossator new`` renders (the
same file, shipped, so the two cannot drift), the model's note kinds and limits, every
object's id, kind, title and aliases (for the references' autocomplete and for picking an id
that is free), the bibliography's keys, where each source's verbatim text is published (the
browser computes the anchor against it, not against the page), and the repository a pull
request goes to, when the configuration names one.

The repository comes from the theme's settings (``html_theme_options["repository_url"]`` and
``["repository_branch"]``, as sphinx-book-theme reads them) or from ``html_context``
(``github_user``, ``github_repo``, ``github_version``, as pydata-sphinx-theme reads them).
Only a ``https://github.com/<owner>/<repo>`` repository is offered: the form opens GitHub's
"new file" page. Without one, the form offers to copy or download the file.
"""

from __future__ import annotations

import json
import re
import typing
from importlib import resources
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from glossator.archive import load_bib_keys
from glossator.limits import MAX_PAGE_BYTES
from glossator.model import SLUG_PATTERN, Note
from glossator.sphinx.build.sourcecache import archive_root, source_for
from glossator.sphinx.provenance import text_file
from glossator.sphinx.reading import domain_of

DATA = "_static/glossator-suggest.json"
_GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def repository(config: Config) -> dict[str, str] | None:
    """``{"url", "branch"}`` of the GitHub repository pull requests go to, or None."""
    options = config.html_theme_options or {}
    context = config.html_context or {}
    url = str(options.get("repository_url") or "").rstrip("/").removesuffix(".git")
    branch = str(options.get("repository_branch") or "")
    if not url and context.get("github_user") and context.get("github_repo"):
        url = f"https://github.com/{context['github_user']}/{context['github_repo']}"
        branch = str(context.get("github_version") or "")
    if not _GITHUB.match(url):
        return None
    return {"url": url, "branch": branch or "main"}


def note_kinds() -> list[str]:
    """The model's note kinds, in its order."""
    return list(typing.get_args(Note.model_fields["note_kind"].annotation))


def suggest_data(app: Sphinx) -> dict[str, Any]:
    domain = domain_of(app.env)
    objects = [
        {"id": e.obj.id, "kind": e.obj.kind, "title": e.obj.title, "aliases": list(e.obj.aliases)}
        for e in sorted(domain.objects.values(), key=lambda e: e.obj.id)
    ]
    texts = {}
    for source_id in sorted(domain.sources):
        source = source_for(app.env, source_id, note=False)
        if source is not None:
            texts[source_id] = text_file(source)
    template = resources.files("glossator").joinpath("templates", "note.md").read_text("utf-8")
    return {
        "template": template,
        "note_kinds": note_kinds(),
        "slug": SLUG_PATTERN,
        "max_bytes": MAX_PAGE_BYTES,
        "objects": objects,
        "keys": sorted(load_bib_keys(archive_root(app.env))),
        "texts": texts,
        "repository": repository(app.config),
    }


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain = domain_of(app.env)
    if not domain.sources:
        return
    target = Path(app.outdir) / DATA
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(suggest_data(app), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup_suggest(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
