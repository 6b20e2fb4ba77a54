"""Dates: date mentions resolved against the publication date.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import DatesStage

__all__ = ["DatesStage"]
