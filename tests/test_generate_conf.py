"""The generated archive's ``conf.py`` is the real ``docs/conf.py`` plus the listed changes.

Why: the benchmark and the scale tests build the generated archive to learn how the real site
builds; a configuration copied once drifts (it had: a bibliography style, the theme's
options, the page context), and nothing noticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from glossator.diagnostics import GlossatorError
from glossator.generate import generate, sphinxconf

from conftest import REPO


def _settings(text: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What Sphinx reads from a ``conf.py``: its top-level names (modules left out)."""
    monkeypatch.delenv("GLOSSATOR_CHECK_ERRORS", raising=False)
    namespace: dict[str, Any] = {"__file__": "conf.py"}
    exec(compile(text, "conf.py", "exec"), namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("__") and k != "os"}


def _changed(real: dict[str, Any], generated: dict[str, Any]) -> set[str]:
    return {k for k in real.keys() | generated.keys() if real.get(k, ...) != generated.get(k, ...)}


def test_the_generated_conf_is_the_real_one_but_for_the_listed_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_text = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    real = _settings(real_text, monkeypatch)
    generated = _settings(sphinxconf.render(), monkeypatch)
    assert _changed(real, generated) == set(sphinxconf.CHANGES)
    assert generated["project"] == generated["html_title"] == "Synthetic archive"
    assert "copyright" not in generated and "author" not in generated
    # the rest of the theme's options are the real site's
    assert generated["html_theme_options"] == {
        k: v for k, v in real["html_theme_options"].items() if k != "search_bar_text"
    }


def test_a_new_setting_of_docs_conf_reaches_the_generated_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "conf.py"
    text = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    real.write_text(text + '\nnitpicky = True\nhtml_theme_options["show_toc_level"] = 2\n')
    generated = _settings(sphinxconf.render(real), monkeypatch)
    assert generated["nitpicky"] is True
    assert generated["html_theme_options"]["show_toc_level"] == 2
    assert _changed(_settings(real.read_text(), monkeypatch), generated) == set(sphinxconf.CHANGES)


def test_an_override_of_a_setting_docs_conf_dropped_is_an_error(tmp_path: Path) -> None:
    real = tmp_path / "conf.py"
    text = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    real.write_text(text.replace('html_static_path = ["_static"]\n', ""))
    with pytest.raises(GlossatorError, match="no longer sets html_static_path"):
        sphinxconf.render(real)


def test_without_the_real_conf_the_error_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(GlossatorError, match=r"cannot be read at .*run it from a source checkout"):
        sphinxconf.render(tmp_path / "missing" / "conf.py")


def test_the_generated_archive_holds_the_rendered_conf(tmp_path: Path) -> None:
    generate(tmp_path / "corpus", 12, 1, seed=1)
    written = (tmp_path / "corpus" / "docs" / "conf.py").read_text(encoding="utf-8")
    assert written == sphinxconf.render()
