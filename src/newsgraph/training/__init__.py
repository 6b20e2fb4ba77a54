"""Reproduce the shipped models and derived resources from open data (``newsgraph train``).

Each module is one build script, runnable as ``python -m newsgraph.training.<name>``; progress goes
to logging. The models they write live in ``resources/models/``.
"""
