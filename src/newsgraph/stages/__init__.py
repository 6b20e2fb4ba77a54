"""One module per stage: each owns one concern (see ``newsgraph.pipeline.STAGE_REGISTRY``)."""
