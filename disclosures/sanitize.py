"""
Rich text as the public will see it. Every door that saves a record's 正文 (admin form, API, Excel
import, domain services) reaches `disclosures.services.disclosure_create` / `disclosure_update`,
which pass it through `sanitize_html` before saving; the detail page then prints the stored HTML.

nh3 (Ammonia) keeps the tags and attributes of an ordinary document — paragraphs, headings, lists,
tables, links, images — and drops everything else: `<script>`/`<style>` with their content, event
handlers, `style` attributes, frames, objects, forms, SVG and MathML. URLs keep only the schemes
below (entities, whitespace and case are decoded before the scheme is checked), so `javascript:`,
`vbscript:` and `data:` links are removed; links get `rel="noopener noreferrer"`.
"""

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


def sanitize_html(value: str | None) -> str:
    """Rich text as the public will see it: no script, no event handler, no javascript: URL."""
    return nh3.clean(value or "", url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)
