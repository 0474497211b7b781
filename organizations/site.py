"""
Who runs the site: the identity every public page shows in its header and footer.

《政府网站发展指引》(国办发〔2017〕47号) asks a government website to name its government and to show, at the
bottom of each page, the 党政机关网站标识, the 网站主办单位 and its contact, the 政府网站标识码, the ICP备案编号
and the 公安机关备案号, with 网站地图 and 联系我们. They are the settings of the site's jurisdiction (the top of
the tree), which its government office edits in the admin (行政区划 → 网站标识).

Read on every page, so kept in the cache (one query when it is cold) and dropped when a jurisdiction is
saved.
"""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from .models import Jurisdiction

CACHE_KEY = "portal:site-identity:v1"
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class SiteIdentity:
    government: str  # 青山县人民政府
    sponsor: str  # 网站主办单位
    operator: str  # 网站承办单位
    site_code: str
    icp_record: str
    police_record: str
    conac_url: str
    address: str
    phone: str
    email: str

    @property
    def police_code(self) -> str:
        """The digits of the 公安机关备案号, which the 全国互联网安全管理服务平台's query link takes."""
        match = re.search(r"(\d{6,20})", self.police_record)
        return match.group(1) if match else ""

    @property
    def has_contact(self) -> bool:
        return bool(self.address or self.phone or self.email)


def site_jurisdiction():
    """The jurisdiction the site belongs to: the highest one whose office has filled in the 网站主办单位 (a
    county portal keeps its prefecture in the tree, for the rules that depend on the level); before that, the
    top of the tree. One query: the table holds a few dozen rows."""
    rows = {row.pk: row for row in Jurisdiction.objects.order_by("code")}

    def depth(row) -> int:
        steps = 0
        while row.parent_id is not None and row.parent_id in rows and steps < len(rows):
            row, steps = rows[row.parent_id], steps + 1
        return steps

    identified = [row for row in rows.values() if row.site_sponsor]
    candidates = identified or [row for row in rows.values() if row.parent_id is None]
    return min(candidates, key=depth, default=None)


def _read() -> SiteIdentity | None:
    jurisdiction = site_jurisdiction()
    if jurisdiction is None:
        return None
    government = f"{jurisdiction.name}人民政府"
    return SiteIdentity(
        government=government,
        sponsor=jurisdiction.site_sponsor or f"{government}办公室",
        operator=jurisdiction.site_operator,
        site_code=jurisdiction.site_code,
        icp_record=jurisdiction.icp_record,
        police_record=jurisdiction.police_record,
        conac_url=jurisdiction.conac_url,
        address=jurisdiction.contact_address,
        phone=jurisdiction.contact_phone,
        email=jurisdiction.contact_email,
    )


_MISSING = object()


def site_identity() -> SiteIdentity | None:
    """The site's identity, or None before any jurisdiction exists (cached too: an empty site is asked
    on every page as well)."""
    identity = cache.get(CACHE_KEY, _MISSING)
    if identity is _MISSING:
        identity = _read()
        cache.set(CACHE_KEY, identity, CACHE_SECONDS)
    return identity


def forget() -> None:
    """Drop the cached identity now and again when the transaction commits (a page rendered meanwhile
    may have cached what was there before)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def jurisdiction_saved(sender, **kwargs) -> None:
    """post_save / post_delete of a Jurisdiction (organizations.apps)."""
    forget()
