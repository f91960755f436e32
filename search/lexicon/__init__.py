"""The built-in lexicon's data files (search.synonyms reads them; this makes them package data)."""
