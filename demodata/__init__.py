"""Demo data for MiA Desk: a deterministic generator of realistic client files.

Imports only :mod:`casefile` and the standard library (no Qt, no desktop, no server), so the
server's ``seed-demo``, the benchmarks, the tests and ``mia-desk --demo`` can all use it. Its
name lists and note texts are data files (``data/``), read once at import.
"""
