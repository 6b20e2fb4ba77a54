"""Counts and amounts: numbers with what they count (killed, arrested, troops ...).

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import CountsStage, article_totals_for

__all__ = ["CountsStage", "article_totals_for"]
