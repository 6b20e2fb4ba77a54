"""Places: toponyms found, geocoded against the gazetteer, the article's focus chosen.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import PlacesStage

__all__ = ["PlacesStage"]
