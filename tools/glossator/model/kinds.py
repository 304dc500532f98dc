"""The kinds of annotation object, their labels and the folders they are kept in."""

from __future__ import annotations

KINDS: tuple[str, ...] = ("incident", "person", "organization", "place", "claim", "note")
"""Kinds of annotation object, each stored in ``annotations/<kind>s/<id>.md``."""

KIND_LABELS: dict[str, str] = {
    "incident": "Incident",
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "claim": "Claim",
    "note": "Note",
    "source": "Source",
}
KIND_PLURALS: dict[str, str] = {
    "incident": "Incidents",
    "person": "People",
    "organization": "Organizations",
    "place": "Places",
    "claim": "Claims",
    "note": "Notes",
}


def kind_folder(kind: str) -> str:
    """The folder of a kind under ``annotations/``: the kind's name plus ``s``."""
    return f"{kind}s"


FOLDER_KINDS: dict[str, str] = {kind_folder(k): k for k in KINDS}
