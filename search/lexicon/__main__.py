"""`python -m search.lexicon`: write compiled.json from the lexicon's YAML files, after
editing them (`make lexicon` runs this; a test fails while the two differ)."""

from content.fs import atomic_write
from search.synonyms import COMPILED_FILE, LEXICON_DIR, compile_lexicon

if __name__ == "__main__":
    atomic_write(LEXICON_DIR / COMPILED_FILE, compile_lexicon(LEXICON_DIR))
    print(f"wrote {LEXICON_DIR / COMPILED_FILE}")
