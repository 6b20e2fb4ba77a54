"""The analysis stages, one package per concern, in pipeline order (``pipeline.STAGE_REGISTRY``).

Each package holds its stage class in ``stage.py`` and the helpers only that stage uses beside
it. Stages read ``newsgraph.doc``, ``record``, ``resources``, ``textutils`` and ``e5``; they
never import each other's packages (one exception, checked in pyproject: the places stage names
unknown places with the entities' name normaliser) nor the store, the CLI or a server.
"""
