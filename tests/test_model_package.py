"""The model package: its registry covers every kind, and ``glossator.model`` still exports all."""

from __future__ import annotations

import glossator.model as model


def test_the_registry_has_one_model_per_kind_in_kind_order() -> None:
    assert tuple(model.MODELS) == model.KINDS
    for kind, cls in model.MODELS.items():
        assert cls.model_fields["kind"].default == kind
        assert model.kind_folder(kind) in model.FOLDER_KINDS


def test_every_exported_name_is_defined() -> None:
    missing = [name for name in model.__all__ if not hasattr(model, name)]
    assert missing == []
    assert len(set(model.__all__)) == len(model.__all__)
