"""Sharded builds: an archive built as one Sphinx project per group of sources.

:mod:`~glossator.shard.plan` gives every source and object its home shard,
:mod:`~glossator.shard.layout` writes one archive per shard, :mod:`~glossator.shard.scope`
keeps a shard's checks to its own pages, and :mod:`~glossator.shard.site` writes the assembled
site's root page. ``glossator shard`` (:mod:`glossator.cli.shard`) runs them; the design is in
``docs/reference/sharding.md``.
"""
