"""The extension is set up in one place: one ``setup_<feature>`` per feature, each event once."""

from __future__ import annotations

import re
from collections import Counter

from conftest import REPO, Built

PACKAGE = REPO / "tools" / "glossator" / "sphinx"


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(PACKAGE.glob("*.py"))}


def test_each_feature_handles_an_event_once(plain_site: Built) -> None:
    app = plain_site.app  # the handlers an application was set up with stay after its build
    for event in ("config-inited", "builder-inited", "doctree-resolved", "source-read"):
        modules = Counter(
            listener.handler.__module__
            for listener in app.events.listeners.get(event, [])
            if listener.handler.__module__.startswith("glossator.")
        )
        assert modules, event
        assert all(n == 1 for n in modules.values()), (event, modules)


def test_setup_calls_one_setup_per_feature() -> None:
    sources = _sources()
    setup = sources["__init__.py"]
    called = re.findall(r"^    (\w+)\.setup_\w+\(app\)", setup, re.MULTILINE)
    assert len(called) == len(set(called)), called
    # every feature module's setup function is called from the one setup()
    defined = {
        name.removesuffix(".py")
        for name, text in sources.items()
        if re.search(r"^def setup_\w+\(app: Sphinx\)", text, re.MULTILINE)
    }
    assert defined <= set(called), defined - set(called)


def test_static_folder_and_passage_node_defined_once() -> None:
    text = "\n".join(_sources().values())
    assert len(re.findall(r"^STATIC = ", text, re.MULTILINE)) == 1
    assert len(re.findall(r"add_node\(\s*gnodes\.source_passage", text)) == 1
