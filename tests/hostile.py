"""The hostile-content corpus: what an attacker writes into pages, submissions and editor saves.

Shared by the content, portal and browser tests, so every path that accepts text is tried with
the same payloads. A payload that reaches a browser and runs calls `alert(…)` or navigates.
"""

from __future__ import annotations

# Heading lines whose attribute list sets an id that could break out of the theme's markup
# (python-markdown's toc turns `\>` back into `>`; the TOC prints the id unescaped).
BAD_HEADING_IDS = [
    '## Escaped {#x"\\><script\\>alert(document.domain)</script\\>}',
    '## Refresh {: #y"><meta http-equiv=refresh content=0;url=/portal/logout> }',
    "## Quoted {#x' onmouseover='alert(1)}",
    '## Keyed {: id="k&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" }',
    "## Tagged {#a<b>c}",
    "## Scheme {#javascript:alert(1)}",
    'Setext {#s\\"}\n------',
    "#NoSpace {#n%22b}",
]

# Ids a heading may set: letters of any script, digits, `-`, `_`, `.`.
GOOD_HEADING_IDS = {
    "## Jam kerja {#jam-kerja}": "jam-kerja",
    "## ساعات العمل {#ساعات-العمل}": "ساعات-العمل",
    "## Step one {#step-1.2_b}": "step-1.2_b",
    "## Café {: #Café .note }": "Café",
    "## Styled {.note}": "styled",
}
