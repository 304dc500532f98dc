"""The benchmark harness (``nox -s bench``), kept out of the installed package.

It starts servers and browsers and measures the package from outside, as a user runs it; the
package itself has no use for it. Run from the repository root: ``python -m benchmarks.bench``.
"""
