"""Benchmark of the restricted-party screening engine: `python -m bench.screening`."""
