"""Scorers behind ``newsgraph eval``: one module per task, each with ``run(path, fmt, ...)``."""
