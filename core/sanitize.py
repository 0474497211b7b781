"""
Rich text as the public will see it. Every door that saves a record's 正文 (admin form, API, Excel
import, domain services) reaches `disclosures.services.disclosure_create` / `disclosure_update`,
which pass it through `sanitize_html` before saving; the detail page then prints the stored HTML.

nh3 (Ammonia) keeps the tags and attributes of an ordinary document — paragraphs, headings, lists,
tables, links, images — and drops everything else: `<script>`/`<style>` with their content, event
handlers, `style` attributes, frames, objects, forms, SVG and MathML. URLs keep only the schemes
below (entities, whitespace and case are decoded before the scheme is checked), so `javascript:`,
`vbscript:` and `data:` links are removed; links get `rel="noopener noreferrer"`.

Plain text (titles, names, numbers, structured fields) loses its bidirectional control characters
when its model is validated (`PlainTextModelMixin`, below).
"""

import re

import nh3
from django.db import models
from django.utils.html import escape

URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


def sanitize_html(value: str | None) -> str:
    """Rich text as the public will see it: no script, no event handler, no javascript: URL."""
    return nh3.clean(value or "", url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)


# A tag's start: "<p", "</p", "<!--"; "a < b" or "<5" are text.
_TAG = re.compile(r"<[A-Za-z/!]")


def lines_to_paragraphs(text: str | None) -> str:
    """Plain text as HTML: one <p> per non-blank line, escaped. A clerk's lines — salutation, numbered
    points, 落款, date — stay lines on the public page (the Excel import's 正文 cell is text)."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


def text_to_paragraphs(value: str | None) -> str:
    """The admin form's 正文: HTML from its editor as it is; plain text — the form without JavaScript,
    where the editor is a textarea — as paragraphs (`lines_to_paragraphs`)."""
    if _TAG.search(value or ""):
        return value
    return lines_to_paragraphs(value)


# ---------------------------------------------------------------------------------------------
# Plain text: no bidirectional controls
# ---------------------------------------------------------------------------------------------
# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them on screen:
# a title can read differently from what is stored and searched, "批复\u202eFDP.exe" shows as
# "批复exe.PDF" (the "Trojan Source" trick, CVE-2021-42574). Government text has no use for them. The
# marks U+200E / U+200F (LRM / RLM) are kept: they only give neutral characters next to them a
# direction and cannot turn a run of text around.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_WITHOUT_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(value):
    """`value` without bidirectional control characters: a string, or the strings in a list or dict
    (structured fields, keys included); anything else as it is."""
    if isinstance(value, str):
        return value.translate(_WITHOUT_BIDI_CONTROLS)
    if isinstance(value, list):
        return [strip_bidi_controls(item) for item in value]
    if isinstance(value, dict):
        return {strip_bidi_controls(key): strip_bidi_controls(item) for key, item in value.items()}
    return value


class PlainTextModelMixin:
    """Mixed into a model whose text the public reads: `full_clean()` — which every service, the admin
    forms and the Excel import run before saving — first drops the bidirectional controls from each
    CharField and TextField and from the strings of each JSONField."""

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                value = getattr(self, field.attname)
                cleaned = strip_bidi_controls(value)
                if cleaned != value:
                    setattr(self, field.attname, cleaned)
        super().clean_fields(exclude=exclude)
