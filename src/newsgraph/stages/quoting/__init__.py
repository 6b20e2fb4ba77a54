"""Building blocks of the quotes stage: quote marks, words, speakers, indirect speech."""
