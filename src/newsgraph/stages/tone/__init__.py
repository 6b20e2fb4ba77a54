"""Tone: the seven GDELT V2Tone values.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import ToneStage

__all__ = ["ToneStage"]
