"""Quotes: direct and indirect speech with their speakers.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import QuotesStage

__all__ = ["QuotesStage"]
