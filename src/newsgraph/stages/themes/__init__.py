"""Themes: GDELT-named themes with their evidence spans.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import ThemesStage

__all__ = ["ThemesStage"]
