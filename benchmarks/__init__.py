"""Benchmarks, run as scripts (python benchmarks/latency.py, python benchmarks/load.py); a
package so that the tests and latency.py can import load.py's helpers."""
