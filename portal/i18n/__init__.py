"""The portal in every language of the knowledge base (content.schema.LANGUAGES).

- `catalogues`: where the gettext catalogues live and how they are compiled (`make`, wheels);
- `locale`: which language a request is answered in, and its writing direction;
- `formatting`: dates, numbers, shares and durations as the reader's language writes them;
- `setup`: `init_app(app, preferred=…)` wires Flask-Babel, the filters and the template globals;
- `stored`: messages kept in the database and shown later in each reader's language;
- `templates`: finds the text of a template that is not marked for translation.
"""


def N_(text: str) -> str:
    """Marks English text that is translated where it is shown (`_(label)` in a template),
    so the catalogues gather it; kept here so marking it imports nothing heavy."""
    return text

