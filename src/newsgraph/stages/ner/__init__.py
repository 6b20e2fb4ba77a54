"""NER: PER/ORG/LOC/MISC mentions from a per-language model backend, with post-NER rules.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import NerStage

__all__ = ["NerStage"]
