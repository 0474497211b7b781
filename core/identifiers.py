"""Identifiers of what the portal publishes (feed entries, feeds, open datasets) that do not change with
the host serving them: tag URIs (RFC 4151, "The 'tag' URI Scheme").

A tag is `tag:<authority>,<date>:<specific>`: the authority is a domain name (or e-mail address) the
publisher held on the date, so nobody else mints the same tags. Both are settings
(PORTAL_TAG_AUTHORITY, PORTAL_TAG_DATE) set once and never changed: a reader that has seen an entry
recognises it by its id, whatever address the feed was fetched from (RFC 4287 §4.2.6: an entry's
atom:id is permanent and universally unique).
"""

from urllib.parse import quote

from django.conf import settings

# RFC 4151 §2.1: specific = *( pchar / "/" / "?" ); pchar (RFC 3986) = unreserved / pct-encoded /
# sub-delims / ":" / "@". Everything else (Chinese text, spaces) is percent-encoded.
SPECIFIC_SAFE = "-._~!$&'()*+,;=:@/?"


def tag_uri(specific: str) -> str:
    """`tag:<authority>,<date>:<specific>` (RFC 4151 §2.1), e.g. tag:gov.example.cn,2026:disclosure/X-2026-000001."""
    return f"tag:{settings.PORTAL_TAG_AUTHORITY},{settings.PORTAL_TAG_DATE}:{quote(specific, safe=SPECIFIC_SAFE)}"
