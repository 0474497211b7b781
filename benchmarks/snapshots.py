"""
Snapshots of everything the portal answers on GET, to prove that a refactoring changes no behaviour.

`take()` crawls the portal with Django's test client — as an anonymous reader and, if asked, as demo
staff users — from `/`, the sitemap, the feeds and the robots file, following same-host links in pages,
sitemaps and feeds, requesting every export in every format, every API list endpoint of the generated
OpenAPI schema (a few pages each) and every API detail of the rows those pages list. Each response's
body is written to a file of its own, and `index.json` lists every URL with its status, headers and
sha256.

`compare()` diffs two snapshot directories: URLs found in only one, status and header changes, and for
bodies the first differing lines, after removing what legitimately differs between two runs (CSRF
tokens, configured JSON keys such as the new `available_actions`, configured patterns).

Everything a crawl writes to the database (sessions, a notification marked read…) is rolled back after
each user, so a snapshot leaves the database as it found it and two runs over one database see the same
data. The wall clock is pinned with time-machine (`at`) so both runs see the same day.
"""

import difflib
import hashlib
import io
import json
import logging
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

ANONYMOUS = "anonymous"
STAFF_USERS = ("office", "clerk", "reviewer", "signer")  # the demo's users (README)

# Where a crawl starts, besides the links it finds.
SEEDS = (
    "/",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/rss/",
    "/feeds/atom/",
    "/catalogue/",
    "/api/schema/",
    "/api/docs/",
    "/search/?q=" + quote("工程"),
    "/search/?q=" + quote("公示"),
)
STAFF_SEEDS = ("/inbox/", "/dashboard/", "/dashboard/export.csv", "/dashboard/export.xlsx")
ADMIN_SEEDS = ("/admin/",)

# Never requested: static files, and pages whose GET has effects or randomness of their own (a new TOTP
# secret on the two-factor page) or that end the session.
DEFAULT_EXCLUDES = (
    r"^/static/",
    r"^/media",
    r"^/admin/logout/",
    r"^/admin/two-factor/",
    r"^/admin/password_change/",
)
# In the admin only links with these query parameters are followed (its filter, sort and search links
# multiply without end); pagination is.
ADMIN_QUERY_KEYS = frozenset({"p"})

EXPORT_PATH = re.compile(r"/export\.(csv|xlsx|json)$")
EXPORT_FORMATS = ("csv", "xlsx", "json")

# Headers not recorded: the date of the response, cookies (a fresh CSRF secret per run) and the length
# (the body is compared itself, after removing what may differ).
VOLATILE_HEADERS = frozenset({"date", "set-cookie", "content-length"})
# Headers that are sets: django-csp writes its directives in an order that changes from one process to
# the next (string hashing), so they are compared as sets of directives.
SET_HEADERS = frozenset({"content-security-policy", "content-security-policy-report-only"})

# What may differ between two runs of the same code, replaced before bodies are compared.
DEFAULT_IGNORE_PATTERNS = (
    r'(name="csrfmiddlewaretoken" value=")[^"]*(")',
    r'(nonce=")[^"]*(")',
)
# JSON keys dropped before API responses and the schema (JSON or YAML) are compared, also from the
# schema's `required` lists: issue 17's new `available_actions` and its schema component.
DEFAULT_IGNORE_KEYS = ("available_actions", "AvailableAction")

EXTENSIONS = {
    "text/html": ".html",
    "application/json": ".json",
    "application/vnd.oai.openapi+json": ".json",
    "application/vnd.oai.openapi": ".yaml",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


# ---------------------------------------------------------------------------------------------
# Taking a snapshot
# ---------------------------------------------------------------------------------------------
@dataclass
class Options:
    users: list[str] = field(default_factory=lambda: [ANONYMOUS])
    admin: bool = False  # also crawl /admin/ as staff
    api_pages: int = 3  # pages of each API list (0: all)
    max_urls: int = 20000  # per user
    excludes: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDES))
    extra_urls: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    """Links of an HTML page a reader can follow with a GET: anchors, alternate/next/prev links and the
    actions of GET forms (stylesheets, icons and scripts are files, not pages)."""

    SKIPPED_RELS = frozenset({"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "area") and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            if not self.SKIPPED_RELS & set((attrs.get("rel") or "").lower().split()):
                self.found.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.found.append(attrs["action"])


_XML_LINKS = re.compile(r'href="([^"]+)"|<(?:loc|link|comments)>\s*([^<\s]+)\s*</')


def _links(content_type: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/html"):
        parser = _Links()
        parser.feed(text)
        return parser.found
    if "xml" in content_type:
        return [a or b for a, b in _XML_LINKS.findall(text)]
    return []


def _local(url: str, base: str, hosts: set[str]) -> str | None:
    """`url` (relative to `base`) as path?query when it is on this site, else None."""
    absolute = urljoin(base, url.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in hosts:
        return None
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def file_name(url: str, content_type: str) -> str:
    """A path-safe, unique file name for `url`: readable slug + digest + extension of its type."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", url.strip("/"))[:100].strip("_.") or "root"
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return f"{slug}.{digest}{EXTENSIONS.get(content_type.split(';')[0].strip(), '.bin')}"


class _Crawl:
    def __init__(self, directory: Path, user: str, client: Client, options: Options):
        self.directory = directory
        self.user = user
        self.client = client
        self.options = options
        self.excludes = [re.compile(pattern) for pattern in options.excludes]
        base = urlsplit(settings.PORTAL_BASE_URL)
        self.hosts = {"testserver", base.hostname or ""}
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.entries: list[dict] = []
        self.skipped = 0

    # -- the queue
    def add(self, url: str | None) -> None:
        if url is None or url in self.seen or any(p.search(url) for p in self.excludes):
            return
        parts = urlsplit(url)
        if parts.path.startswith("/admin/"):
            if not (self.options.admin and self.user != ANONYMOUS):
                return
            if {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)} - ADMIN_QUERY_KEYS:
                return
        if len(self.seen) >= self.options.max_urls:
            self.skipped += 1
            return
        self.seen.add(url)
        self.queue.append(url)
        match = EXPORT_PATH.search(parts.path)
        if match:  # every export in every format
            for fmt in EXPORT_FORMATS:
                sibling = parts.path[: match.start(1)] + fmt + (f"?{parts.query}" if parts.query else "")
                self.add(sibling)

    # -- requests
    def fetch(self, url: str) -> tuple[int, str, bytes, dict]:
        response = self.client.get(url)
        # The test client closes the response itself (after the last chunk of a streamed one), with the
        # signal that would otherwise close the database connection — and this crawl's transaction.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = {k: v for k, v in response.headers.items() if k.lower() not in VOLATILE_HEADERS}
        entry = {
            "user": self.user,
            "url": url,
            "status": response.status_code,
            "headers": dict(sorted(headers.items())),
            "sha256": hashlib.sha256(body).hexdigest(),
            "bytes": len(body),
            "file": f"{self.user}/{file_name(url, response.get('Content-Type', ''))}",
        }
        (self.directory / entry["file"]).write_bytes(body)
        self.entries.append(entry)
        return response.status_code, response.get("Content-Type", ""), body, response.headers

    def run(self) -> None:
        (self.directory / self.user).mkdir(parents=True, exist_ok=True)
        seeds = list(SEEDS) + list(self.options.extra_urls)
        if self.user != ANONYMOUS:
            seeds += list(STAFF_SEEDS) + (list(ADMIN_SEEDS) if self.options.admin else [])
        for url in seeds:
            self.add(url)
        self.drain()
        self.api()
        self.drain()

    def drain(self) -> None:
        while self.queue:
            url = self.queue.popleft()
            status, content_type, body, headers = self.fetch(url)
            base = "http://testserver" + url
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                self.add(_local(headers["Location"], base, self.hosts))
                continue
            if status == 200:
                for link in _links(content_type, body):
                    self.add(_local(link, base, self.hosts))

    # -- the API, from its schema
    def api(self) -> None:
        schema_url = "/api/schema/?format=json"
        self.seen.add(schema_url)
        status, _, body, _ = self.fetch(schema_url)
        if status != 200:
            return
        schema = json.loads(body)["paths"]
        paths = sorted(path for path, operations in schema.items() if "get" in operations)
        rows: dict[str, list[dict]] = {}
        for path in paths:
            if "{" not in path:
                query = _required_query(schema[path]["get"])
                rows[path] = self.api_list(path + (f"?{urlencode(query)}" if query else ""))
        for path in paths:
            if "{" not in path:
                continue
            list_path = path[: path.index("{")]
            names = re.findall(r"{(\w+)}", path)
            for row in rows.get(list_path, []):
                if all(name in row for name in names):
                    url = re.sub(r"{(\w+)}", lambda m, row=row: quote(str(row[m.group(1)]), safe=""), path)
                    if url not in self.seen:
                        self.seen.add(url)
                        self.fetch(url)

    def api_list(self, path: str) -> list[dict]:
        """The rows of the first `api_pages` pages of a list endpoint (following its `next` links)."""
        found: list[dict] = []
        url: str | None = path
        pages = 0
        while url is not None and (self.options.api_pages == 0 or pages < self.options.api_pages):
            pages += 1
            if url in self.seen:
                break
            self.seen.add(url)
            status, content_type, body, _ = self.fetch(url)
            if status != 200 or "json" not in content_type:
                break
            data = json.loads(body)
            if isinstance(data, dict) and isinstance(data.get("results"), list):
                found += [row for row in data["results"] if isinstance(row, dict)]
                url = (
                    _local(data["next"], "http://testserver" + path, self.hosts) if data.get("next") else None
                )
            else:
                break
        return found


def _required_query(operation: dict) -> dict[str, str] | None:
    """Values for an operation's required query parameters (a year: this year; a choice: its first),
    or None when it has none."""
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query" or not parameter.get("required"):
            continue
        schema = parameter.get("schema", {})
        if schema.get("enum"):
            query[parameter["name"]] = str(schema["enum"][0])
        elif parameter["name"] == "year":
            query["year"] = str(timezone.localdate().year)
        elif "minimum" in schema:
            query[parameter["name"]] = str(schema["minimum"])
    return query or None


def _client_for(user: str) -> Client:
    client = Client(raise_request_exception=False)
    if user != ANONYMOUS:
        client.force_login(
            get_user_model().objects.get(username=user), backend="django.contrib.auth.backends.ModelBackend"
        )
    return client


def take(directory: Path, options: Options, *, meta: dict | None = None) -> dict:
    """Crawl as each of `options.users` and write the snapshot into `directory` (emptied first when it
    holds an earlier snapshot). Returns the index."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        if not (directory / "index.json").exists():
            raise FileExistsError(f"{directory} is not empty and holds no snapshot")
        for path in sorted(directory.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    entries: list[dict] = []
    skipped: dict[str, int] = {}
    # A private cache (the shared Redis is never touched), no page cache (each page rendered), no limits.
    isolated = override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "snapshot"}
        },
        PORTAL_PAGE_CACHE_SECONDS=0,
        PORTAL_EXPORT_RATE="",
        PORTAL_SEARCH_RATE="",
        PORTAL_API_ANON_RATE="",
        PORTAL_API_USER_RATE="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    )
    # 4xx answers are part of the snapshot, not news: only server errors are logged.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with isolated, transaction.atomic():
            for user in options.users:
                savepoint = transaction.savepoint()
                try:
                    crawl = _Crawl(directory, user, _client_for(user), options)
                    crawl.run()
                    entries += crawl.entries
                    skipped[user] = crawl.skipped
                finally:
                    transaction.savepoint_rollback(savepoint)
    finally:
        request_log.setLevel(level)
    entries.sort(key=lambda e: (e["user"], e["url"]))
    index = {
        "meta": {
            **(meta or {}),
            "users": options.users,
            "admin": options.admin,
            "api_pages": options.api_pages,
            "over_max_urls": skipped,
        },
        "entries": entries,
    }
    (directory / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return index


# ---------------------------------------------------------------------------------------------
# Comparing two snapshots
# ---------------------------------------------------------------------------------------------
@dataclass
class Ignores:
    patterns: list[str] = field(default_factory=lambda: list(DEFAULT_IGNORE_PATTERNS))
    keys: list[str] = field(default_factory=lambda: list(DEFAULT_IGNORE_KEYS))

    def text(self, text: str) -> str:
        for pattern in self.patterns:
            regex = re.compile(pattern)
            text = regex.sub(lambda m: "".join(g or "" for g in m.groups()) or "<ignored>", text)
        return text

    def json(self, value):
        """`value` without the ignored keys (nor those names in a schema's `required` list)."""
        if isinstance(value, dict):
            return {
                key: (
                    [v for v in item if v not in self.keys]
                    if key == "required" and isinstance(item, list)
                    else self.json(item)
                )
                for key, item in value.items()
                if key not in self.keys
            }
        if isinstance(value, list):
            return [self.json(item) for item in value]
        return value


@dataclass
class Difference:
    user: str
    url: str
    what: str
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join([f"{self.what}  [{self.user}] {self.url}", *("    " + line for line in self.lines)])


def _load(directory: Path) -> dict:
    path = Path(directory) / "index.json"
    if not path.exists():
        raise FileNotFoundError(f"{directory} holds no snapshot (no index.json)")
    return json.loads(path.read_text(encoding="utf-8"))


def _first_lines(old: list[str], new: list[str], limit: int) -> list[str]:
    diff = list(difflib.unified_diff(old, new, "baseline", "new", n=1, lineterm=""))[2:]
    shown = [line[:200] for line in diff[:limit]]
    if len(diff) > limit:
        shown.append(f"… ({len(diff) - limit} more diff lines)")
    return shown


def _header_value(name: str, value: str | None):
    if value is None or name.lower() not in SET_HEADERS:
        return value
    return sorted(" ".join(directive.split()) for directive in value.split(";") if directive.strip())


def _is_yaml(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip()
    return kind == "application/vnd.oai.openapi" or "yaml" in kind  # the schema's default format


def _dump(value) -> list[str]:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str).splitlines()


def _is_text(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip()
    return kind.startswith("text/") or any(word in kind for word in ("json", "xml", "javascript", "openapi"))


def _text_lines(body: bytes) -> list[str]:
    return body.decode("utf-8", errors="replace").splitlines()


def _body_difference(
    old: bytes, new: bytes, content_type: str, ignores: Ignores, limit: int
) -> list[str] | None:
    """None when the bodies are the same once the ignored parts are gone, else the first differing lines."""
    if old == new:
        return None
    if zipfile.is_zipfile(io.BytesIO(old)) and zipfile.is_zipfile(io.BytesIO(new)):  # Excel exports
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            names_a, names_b = a.namelist(), b.namelist()
            if names_a != names_b:
                return _first_lines(names_a, names_b, limit)
            for name in names_a:
                member_a, member_b = a.read(name), b.read(name)
                if member_a != member_b:
                    return [f"in {name}:", *_first_lines(_text_lines(member_a), _text_lines(member_b), limit)]
        return None
    parse = json.loads if "json" in content_type else yaml.safe_load if _is_yaml(content_type) else None
    if parse is not None:
        try:
            parsed_old, parsed_new = parse(old), parse(new)
        except ValueError:  # yaml.YAMLError is one too
            pass
        else:
            kept_old, kept_new = ignores.json(parsed_old), ignores.json(parsed_new)
            lines_old, lines_new = _dump(kept_old), _dump(kept_new)  # the same value in the same key order
            if lines_old != lines_new:
                return _first_lines(lines_old, lines_new, limit)
            if kept_old == parsed_old and kept_new == parsed_new:  # nothing ignored: the bytes must match
                return ["same value, different bytes (formatting or escaping)"]
            return None
    if not _is_text(content_type):
        return ["binary content differs"]
    old_text, new_text = (
        ignores.text(old.decode("utf-8", "replace")),
        ignores.text(new.decode("utf-8", "replace")),
    )
    if old_text == new_text:
        return None
    return _first_lines(old_text.splitlines(), new_text.splitlines(), limit)


def compare(
    baseline: Path, new: Path, ignores: Ignores | None = None, *, limit: int = 12
) -> tuple[list[Difference], dict]:
    """Differences between two snapshots (URLs only in one, status, headers, bodies) and counts."""
    ignores = ignores or Ignores()
    old_index, new_index = _load(baseline), _load(new)
    old = {(e["user"], e["url"]): e for e in old_index["entries"]}
    now = {(e["user"], e["url"]): e for e in new_index["entries"]}
    differences: list[Difference] = []
    for key in sorted(old.keys() - now.keys()):
        differences.append(Difference(*key, f"only in baseline (status {old[key]['status']})"))
    for key in sorted(now.keys() - old.keys()):
        differences.append(Difference(*key, f"only in new (status {now[key]['status']})"))
    same = 0
    for key in sorted(old.keys() & now.keys()):
        a, b = old[key], now[key]
        lines: list[str] = []
        if a["status"] != b["status"]:
            lines.append(f"status {a['status']} → {b['status']}")
        for header in sorted(a["headers"].keys() | b["headers"].keys()):
            before, after = a["headers"].get(header), b["headers"].get(header)
            if _header_value(header, before) != _header_value(header, after):
                lines.append(f"header {header}: {before!r} → {after!r}")
        if a["sha256"] != b["sha256"]:
            body = _body_difference(
                (Path(baseline) / a["file"]).read_bytes(),
                (Path(new) / b["file"]).read_bytes(),
                b["headers"].get("Content-Type", ""),
                ignores,
                limit,
            )
            if body is not None:
                lines += body
        if lines:
            differences.append(Difference(*key, "changed", lines))
        else:
            same += 1
    counts = {
        "baseline": len(old),
        "new": len(now),
        "same": same,
        "changed": sum(d.what == "changed" for d in differences),
        "only_baseline": len(old.keys() - now.keys()),
        "only_new": len(now.keys() - old.keys()),
    }
    return differences, counts


def load_meta(directory: Path) -> dict:
    return _load(directory).get("meta", {})
