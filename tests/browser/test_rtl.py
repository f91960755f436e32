"""Story 6: an Arabic page reads right-to-left; its English source reads left-to-right."""

from __future__ import annotations

import re
from typing import TypedDict

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser

# Where the title's own text sits (not its full-width block box), and the article's content box.
_TITLE_GEOMETRY = """() => {
  const article = document.querySelector("article.md-content__inner");
  const h1 = article.querySelector("h1");
  const words = Array.from(h1.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(words);
  const text = range.getBoundingClientRect();
  const box = article.getBoundingClientRect();
  const style = getComputedStyle(article);
  return {
    textLeft: text.left, textRight: text.right,
    contentLeft: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
    contentRight: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
  };
}"""


class Geometry(TypedDict):
    textLeft: float
    textRight: float
    contentLeft: float
    contentRight: float


def title_geometry(page: Page) -> Geometry:
    geometry: Geometry = page.evaluate(_TITLE_GEOMETRY)
    return geometry


def test_an_arabic_page_is_laid_out_right_to_left(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    page = new_page(people["agent"])
    page.goto(portal.url("/ar/policies/remote-work/"))
    expect(page.locator("body")).to_have_attribute("dir", "rtl")
    title = page.locator("article h1")
    expect(title).to_have_text(re.compile("سياسة العمل عن بُعد"))
    expect(title).to_have_css("direction", "rtl")
    arabic = title_geometry(page)
    width = arabic["contentRight"] - arabic["contentLeft"]
    assert abs(arabic["textRight"] - arabic["contentRight"]) <= 4, arabic  # starts on the right
    assert arabic["textLeft"] - arabic["contentLeft"] > width / 3, arabic  # and not on the left
    screenshot(page, "07-arabic-page")

    # The same check on the English source: it starts on the left.
    page.goto(portal.url("/policies/remote-work/"))
    expect(page.locator("body")).to_have_attribute("dir", "ltr")
    english = title_geometry(page)
    assert abs(english["textLeft"] - english["contentLeft"]) <= 4, english
    assert english["contentRight"] - english["textRight"] > width / 3, english
