"""Benchmarks, each run as a module from the repository root (`python -m benchmarks.latency`,
`python -m benchmarks.load`); the tests import their helpers."""
