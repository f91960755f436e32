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

# Links whose scheme runs script, in every form Markdown (and HTML inside it) writes a link.
# The capture forms refuse each; on pages the sanitiser drops them.
HOSTILE_LINKS = {
    "inline": "[inline](javascript:alert('inline'))",
    "angle": "[angle](<javascript:alert('angle')>)",
    "titled": "[titled](javascript:alert('titled') \"a title\")",
    "mixed case": "[case](JaVaScRiPt:alert('case'))",
    "entity": "[entity](javascript&#58;alert('entity'))",
    "hex entity": "[hex](javascript&#x3a;alert('hex'))",
    "tab": "[tab](java\tscript:alert('tab'))",
    "full reference": "[full][evil-full]\n\n[evil-full]: javascript:alert('full')",
    "collapsed reference": "[evil-collapsed][]\n\n[evil-collapsed]: javascript:alert('collapsed')",
    "shortcut reference": "[evil-short]\n\n[evil-short]: <javascript:alert('short')>",
    "reference in a quote": "> [quoted][evil-quote]\n>\n> [evil-quote]: javascript:alert('quote')",
    "reference in a list": "- [listed][evil-list]\n\n  [evil-list]: javascript:alert('list')",
    "autolink": "<javascript:alert('autolink')>",
    "image": "![image](javascript:alert('image'))",
    "image reference": "![imgref][evil-img]\n\n[evil-img]: javascript:alert('imgref')",
    "data html": "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+)",
    "data svg image": "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript": "[vb](vbscript:msgbox('vb'))",
    "html link": "<a href=\"javascript:alert('html')\">html link</a>",
    "html entity link": "<a href=\"&#106;avascript:alert('html-entity')\">encoded</a>",
    "html unquoted link": "<a href=javascript:alert('unquoted')>unquoted</a>",
    "svg xlink": "<svg><a xlink:href=\"javascript:alert('xlink')\"><text y=\"9\">x</text></a></svg>",
    "form action": "<form action=\"javascript:alert('form')\"><button>form</button></form>",
    "button formaction": "<button formaction=\"javascript:alert('formaction')\">fa</button>",
    "object data": "<object data=\"javascript:alert('object')\"></object>",
}

# Raw HTML that would run script, navigate, or send requests if a browser got it as markup.
# Only relative URLs, so nothing here is refused as a link: the sanitiser must cope. (An image
# `x` that is not there makes a 404, which also shows where a surviving <base> would point.)
HOSTILE_HTML = [
    "<script>alert('script')</script>",
    "<script>fetch('/portal/admin/users/1/role', {method: 'POST', body: 'role=admin'})</script>",
    "<img src=x onerror=\"alert('img')\">",
    "<svg onload=\"alert('svg-onload')\"><circle r=\"1\"/></svg>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<svg><animate onbegin=\"alert('animate')\" attributeName=\"x\" dur=\"1s\"/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('mxss')\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=/portal/logout\">",
    "<base href=\"/portal/admin/\">",
    "<form action=\"/portal/admin/users/1/role\" method=\"post\"><input name=\"role\" "
    "value=\"admin\"><button>Make admin</button></form>",
    "<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>",
    "<details open ontoggle=\"alert('toggle')\"><summary>more</summary>text</details>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\"></noscript>",
    "<div style=\"background:url('/portal/admin/users/1/deactivate')\">styled</div>",
    "<a href=\"/portal/logout\" ping=\"/portal/admin/users/1/deactivate\">ping</a>",
    "<object data=\"/portal/admin/users\" type=\"text/html\"></object>",
    "<p onclick=\"alert('click')\" onmouseover=\"alert('over')\">hover me</p>",
]

# A page without front matter takes its title from its first H1:
# file name → (the H1 as written, the title a reader must see).
HOSTILE_H1S = {
    "entities": ("Shift notes &lt;/title&gt;&lt;script&gt;alert('t1')&lt;/script&gt;",
                 "Shift notes </title><script>alert('t1')</script>"),
    "numeric": ("Numeric &#60;/title&#62;&#60;script&#62;alert('t2')&#60;/script&#62;",
                "Numeric </title><script>alert('t2')</script>"),
    "double": ("Double &amp;lt;b&amp;gt; stays", "Double &lt;b&gt; stays"),
    "raw": ("Raw <img src=x onerror=alert('t3')> title",
            "Raw <img src=x onerror=alert('t3')> title"),  # mkdocs makes the tag text
}

# Front matter values the theme prints (title, description, author, tags; owner on our pages).
HOSTILE_FRONT_MATTER = {
    "title": "</title><script>alert('fm-title')</script> \"double\" 'single'",
    "type": "policy",
    "owner": "<img src=x onerror=alert('fm-owner')>@example.com",
    "tags": ["<img src=x onerror=alert('fm-tag')>", "</span><script>alert('fm-tag2')</script>"],
    "summary": "\"><script>alert('fm-summary')</script>",
    "description": "\"><meta http-equiv=refresh content=0;url=/portal/logout>",
    "author": "</title><svg onload=alert('fm-author')>",
    "extra": {"\" autofocus onfocus=alert('fm-key') x=\"": "<script>alert('fm-dict')</script>"},
    "template": "redirect.html",
    "location": "javascript:alert('fm-redirect')",
}


def trailer_note(victim: int, admin: str) -> str:
    """A note to the lead whose lines look like the trailers of another submission's commit."""
    return (f"Thanks for looking!\nSubmission: #{victim}\nSubmission-token: {'0' * 32}\n"
            f"Approved-by: {admin}\nSubmitted-by: {admin}")
