"""Sentences: tokens and sentence spans per language (the first stage).

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import SentencesStage

__all__ = ["SentencesStage"]
