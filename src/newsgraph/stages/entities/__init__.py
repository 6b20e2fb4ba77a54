"""Entities: NER mentions merged into persons and organisations, with normalised names.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import EntitiesStage

__all__ = ["EntitiesStage"]
