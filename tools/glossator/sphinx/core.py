"""What every feature of the extension stands on: its configuration, the domain, object pages.

One ``config-inited`` handler for the extension's own configuration: MyST configured from the
one definition ``glossator check`` uses, the static folder, and the defaults that keep the
browser console clean. The glossator domain and its roles, and the object pages (every
annotation page gets its header, :mod:`glossator.sphinx.reading`), are registered here too:
the other features read what they record.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from glossator import markdown
from glossator.markdown import PASSAGE_ROLE, ROLE_KINDS
from glossator.sphinx import bibstyle, guards, reading
from glossator.sphinx import nodes as gnodes
from glossator.sphinx.domain import GlossatorDomain
from glossator.sphinx.roles import ObjectRole

STATIC = Path(__file__).parent / "static"
"""The extension's scripts, style sheets and icon, added to ``html_static_path``."""


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """MyST configured from the one definition the check uses, whatever ``conf.py`` says.

    Every field of :func:`glossator.markdown.config` is copied (extensions, disabled syntax,
    URL schemes...), so that ``glossator check`` and the build read a page the same way.

    Then the defaults that keep the browser console clean: an icon (else ``/favicon.ico`` is
    asked for and missing) and the theme's colour mode (sphinx-book-theme logs an error
    without one).
    """
    myst = markdown.config()
    for name, _, field in myst.as_triple():
        if "sphinx" not in field.metadata.get("omit", []):
            config[f"myst_{name}"] = getattr(myst, name)
    if config.glossator_check_errors not in ("fail", "warn"):
        raise ExtensionError("glossator_check_errors must be 'fail' or 'warn'")
    html_static = list(config.html_static_path)
    if str(STATIC) not in html_static:
        config.html_static_path = [*html_static, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "glossator-icon.svg")
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def setup_core(app: Sphinx) -> None:
    bibstyle.register()  # bibtex_default_style = "glossator"
    app.add_config_value("glossator_root", "..", "env", types=[str])
    app.add_config_value("glossator_check_errors", "fail", "env", types=[str])
    app.add_domain(GlossatorDomain)
    for role in (*ROLE_KINDS, PASSAGE_ROLE):
        app.add_role(role, ObjectRole(role), override=True)
        app.add_role_to_domain("glossator", role, ObjectRole(role), override=True)
    # the header of an object page (inserted by glossator.sphinx.reading), once per page;
    # every other directive of the extension is for the archive's own pages (docs/) only
    app.add_directive("glossator-object", guards.once_per_page(reading.ObjectHeader))
    app.add_transform(reading.WrapObjectPage)
    for node_class in (*gnodes.PLACEHOLDERS, gnodes.object_marker):
        app.add_node(node_class)
    app.connect("config-inited", _on_config_inited)
    app.connect("source-read", reading.on_source_read)
    app.connect("doctree-read", reading.on_doctree_read, priority=800)
