"""Events: PLOVER/CAMEO-coded events with their actors.

The stage class lives in ``stage.py``; the other modules are its helpers.
"""

from .stage import EventsStage

__all__ = ["EventsStage"]
