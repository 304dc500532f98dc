"""glossator: an annotated-source archive (model, validator, Sphinx extension, CLI)."""

__version__ = "0.1.0"
