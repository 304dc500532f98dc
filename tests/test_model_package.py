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


def test_references_list_every_id_field_in_table_order() -> None:
    claim = model.Claim.model_validate(
        {
            "id": "c",
            "title": "C",
            "see_also": ["s1"],
            "speaker": "p",
            "claim_kind": "factual",
            "status": "attributed-not-assessed",
            "about": ["a1", "a2"],
            "contradicts": ["k1"],
            "supports": [{"claim": "k2", "reason": "Both answer who did it."}],
        }
    )
    assert claim.references() == [
        (("see_also", 0), "s1", ()),
        (("speaker",), "p", ("person",)),
        (("about", 0), "a1", ()),
        (("about", 1), "a2", ()),
        (("contradicts", 0, "claim"), "k1", ("claim",)),
        (("supports", 0, "claim"), "k2", ("claim",)),
    ]


def test_an_unset_reference_field_gives_no_reference() -> None:
    incident = model.Incident.model_validate(
        {
            "id": "i",
            "title": "I",
            "country": "syria",
            "reports": [
                {"figure": "killed", "best": 1, "cite": "k"},
                {"figure": "killed", "best": 2, "cite": "k", "reported_by": "o"},
            ],
        }
    )
    assert incident.references() == [
        (("country",), "syria", ("place",)),
        (("reports", 1, "reported_by"), "o", ("organization", "person")),
    ]
    assert model.Place(id="p", title="P").references() == []
