"""The content model: Markdown files with front matter turned into pages and sections.

Everything that reads `docs/` (site build, search index, portal) goes through this package,
so a heading has one anchor and a page one title everywhere.
"""

from content.errors import ContentError, DocNotFound, InvalidFrontMatter, InvalidHeading
from content.loader import iter_markdown_files, load_docs, load_page
from content.model import FrontMatter, Page, Section
from content.parse import parse_page

__all__ = [
    "ContentError",
    "DocNotFound",
    "FrontMatter",
    "InvalidFrontMatter",
    "InvalidHeading",
    "Page",
    "Section",
    "iter_markdown_files",
    "load_docs",
    "load_page",
    "parse_page",
]
