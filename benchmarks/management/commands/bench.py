"""
`python manage.py bench` — how fast the portal is on the data in the database (see docs/performance.md).

1. In process, with Django's test client: server time (median, p95) and query count of the public
   list page (page 1 and 500, with and without filters), a detail page, search (2-, 3- and
   4-character terms, common and rare), the office dashboard and the API list, the page cache off.
   The overdue job: 10,000 unpublished records made newly overdue inside a transaction that is
   rolled back, `flag_overdue` timed, then a second run with nothing to flag. The nightly bulk downloads
   (disclosure_portal/bulk.py) written into a temporary directory: time and peak resident memory.
2. Throughput: gunicorn with 2 workers on a free port and `wrk` (-t2 -c16 -d10s): a constant view
   (/bench/ping/, mounted only with PORTAL_BENCH_VIEWS=1), the list page with the page cache off,
   then on — each as a ratio to the constant view measured in the same gunicorn run.

Prints a table and writes var/bench/<timestamp>.json. Nothing is cached between runs.
"""

import datetime
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.module_loading import import_string

from compliance.services import flag_overdue
from compliance.views import dashboard
from disclosures.api.pagination import Keyset
from disclosures.choices import UNPUBLISHED_STATUSES
from disclosures.models import Disclosure
from disclosures.selectors import public_disclosures

SEARCH_TERMS = [  # (label, term): common words of every notice, and a village named in ~1 in 20,000
    ("2字 常见", "公示"),
    ("3字 常见", "公示期"),
    ("4字 常见", "建设项目"),
    ("2字 罕见", "鹧鸪"),
    ("3字 罕见", "鹧鸪岭"),
    ("4字 罕见", "鹧鸪岭村"),
]
OVERDUE_RECORDS = 10_000


class Rollback(Exception):
    pass


class _ResidentSampler:
    """The process's resident set (Linux /proc/self/statm), sampled every 0.2 s by a thread while in use."""

    def __init__(self):
        self.before_mb = self.peak_mb = 0.0
        self._stop = threading.Event()

    @staticmethod
    def current_mb() -> float:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, self.current_mb())

    def __enter__(self):
        self.before_mb = self.peak_mb = self.current_mb()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self.current_mb())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "性能基准：各页面的服务端耗时和查询数，逾期任务耗时，gunicorn + wrk 吞吐量（结果写入 var/bench/）。"

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="每项请求次数（默认 20，另有 1 次预热）。")
        parser.add_argument("--duration", type=int, default=10, help="wrk 每项持续秒数（默认 10）。")
        parser.add_argument("--connections", type=int, default=16, help="wrk 并发连接数（默认 16）。")
        parser.add_argument("--no-throughput", action="store_true", help="只测进程内耗时，不启动 gunicorn/wrk。")
        parser.add_argument("--only", default="", help="只测名称包含该文字的项目（调试用）。")
        parser.add_argument("--output", default="", help="JSON 输出路径（默认 var/bench/<时间>.json）。")

    def handle(self, *args, **options):
        if not settings.DEBUG:  # pages name their static files through the manifest, as in production
            call_command("collectstatic", interactive=False, verbosity=0)
        self.repeat = max(1, options["repeat"])
        self.only = options["only"]
        started = timezone.now()
        result = {
            "started_at": started.isoformat(),
            "machine": self.machine(),
            "records": {
                "total": Disclosure.objects.count(),
                "public": Disclosure.objects.public().count(),
                "unpublished": Disclosure.objects.filter(status__in=UNPUBLISHED_STATUSES).count(),
            },
            "repeat": self.repeat,
            "requests": [],
        }
        self.stdout.write(f"记录数：{result['records']}，每项 {self.repeat} 次（另 1 次预热）")
        with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
            for name, url, kind in self.request_cases():
                if self.only and self.only not in name:
                    continue
                result["requests"].append(self.time_request(name, url, kind))
        if not self.only or "overdue" in self.only:
            result["overdue_job"] = self.time_overdue_job()
        if not self.only or "bulk" in self.only:
            result["bulk_job"] = self.time_bulk_job()
        if not self.only or "sitemap" in self.only:
            result["sitemaps"] = self.time_sitemaps()
        if not options["no_throughput"]:
            result["throughput"] = self.throughput(options["duration"], options["connections"], self.throughput_pages())
        self.print_table(result)
        path = Path(options["output"] or settings.VAR_DIR / "bench" / f"{started:%Y%m%d-%H%M%S}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {path}")

    # ------------------------------------------------------------------------------------
    def machine(self) -> dict:
        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
            mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        except OSError:
            mem_kb = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
            database = cursor.fetchone()[0]
        return {
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "memory_gib": round(mem_kb / 1024 / 1024, 1),
            "loadavg": os.getloadavg(),
            "python": platform.python_version(),
            "database": database,
        }

    def request_cases(self) -> list[tuple[str, str, str]]:
        year = timezone.localdate().year - 1
        sample = (
            Disclosure.objects.public()
            .filter(pk__gte=(Disclosure.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) // 2)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        cases = [
            ("列表 第1页", "/column/projects/", "public"),
            ("列表 第500页", "/column/projects/?page=500", "public"),
            ("列表 筛选 第1页", f"/column/resources/?year={year}", "public"),
            ("列表 筛选 第500页", f"/column/resources/?year={year}&page=500", "public"),
            ("列表 分类+单位 第1页", "/column/projects/approval_result/?department=" + self.busy_department(), "public"),
            ("详情页", f"/disclosures/{sample}/", "public"),
        ]
        cases += [(f"检索 {label}“{term}”", f"/search/?q={term}", "public") for label, term in SEARCH_TERMS]
        cases += [
            (f"检索 {SEARCH_TERMS[0][0]}“{SEARCH_TERMS[0][1]}” 按时间", f"/search/?q={SEARCH_TERMS[0][1]}&sort=newest", "public"),
            # Page numbers count at most PORTAL_API_COUNT_CAP rows (page 500: one page past it); a cursor none.
            ("API 列表", "/api/v1/disclosures/", "api"),
            ("API 列表 第500页", "/api/v1/disclosures/?page=500", "api"),
            ("API 游标 第1页", "/api/v1/disclosures/?cursor=", "api"),
            ("API 游标 第500页", "/api/v1/disclosures/?cursor=" + self.api_cursor(page=500), "api"),
            ("督办看板（政务公开办）", "/dashboard/", "dashboard"),
        ]
        return cases

    def api_cursor(self, *, page: int) -> str:
        """The cursor of the API list's page `page` as its `next` links reach it: after the last row of the
        page before (found once, by offset, outside the timing)."""
        keyset = Keyset(public_disclosures().order_by("-published_at", "-pk"), settings.PORTAL_API_PAGE_SIZE, "cursor")
        before = (page - 1) * settings.PORTAL_API_PAGE_SIZE - 1
        row = public_disclosures().order_by("-published_at", "-pk")[before : before + 1].first()
        return keyset.encode(row, backwards=False) if row is not None else ""

    def busy_department(self) -> str:
        row = (
            Disclosure.objects.public().filter(domain="projects", category="approval_result")
            .values_list("department_id", flat=True)[:1]
        )
        return str(next(iter(row), ""))

    def office_user(self):
        users = get_user_model().objects
        user = users.filter(username="office").first()
        if user is None:
            user, _ = users.get_or_create(username="bench_office", defaults={"is_staff": True, "is_superuser": True})
        return user

    def time_request(self, name: str, url: str, kind: str) -> dict:
        factory, client = RequestFactory(), Client()
        timings, queries, status, size = [], [], None, 0
        view = None
        if kind == "dashboard":
            # called as a view: the second-factor middleware would send a signed-in benchmark user away
            view, user = dashboard, self.office_user()
        for index in range(self.repeat + 1):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                if view is not None:
                    request = factory.get(url)
                    request.user = user
                    request.session = {}
                    response = view(request)
                else:
                    # every API request from its own address: the anonymous throttle is not what is measured
                    response = client.get(url, REMOTE_ADDR=f"10.{index // 250}.{index % 250}.1")
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                content = response.content
                elapsed = time.perf_counter() - start
            if index == 0:
                status, size = response.status_code, len(content)
                continue  # warm-up
            timings.append(elapsed * 1000)
            queries.append(len(captured.captured_queries))
        row = {
            "name": name,
            "url": url,
            "status": status,
            "bytes": size,
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_percentile(timings, 0.95), 1),
            "queries": max(queries),
            "queries_constant": min(queries) == max(queries),
        }
        if "检索" in name:
            row["summary"] = self.search_summary(content.decode())
        self.stdout.write(f"  {name:<28} {row['median_ms']:>8.1f} ms  p95 {row['p95_ms']:>8.1f} ms  {row['queries']} 条查询")
        return row

    def search_summary(self, page: str) -> str:
        found = re.search(r'class="search-summary"[^>]*>(.*?)</p>', page, re.S)
        return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""

    # ------------------------------------------------------------------------------------
    def time_overdue_job(self) -> dict:
        today = timezone.localdate()
        runs, clean = [], []
        for _ in range(3):  # the daily run on the data as it is (the seed's past-due records are flagged)
            try:
                with transaction.atomic(), override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
                ):
                    start = time.perf_counter()
                    flag_overdue(today=today)
                    clean.append(time.perf_counter() - start)
                    raise Rollback
            except Rollback:
                pass
        for _ in range(3):
            try:
                with transaction.atomic(), override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
                ):
                    ids = list(
                        Disclosure.objects.filter(status__in=UNPUBLISHED_STATUSES)
                        .order_by("pk")
                        .values_list("pk", flat=True)[:OVERDUE_RECORDS]
                    )
                    Disclosure.objects.filter(pk__in=ids).update(
                        overdue_flagged_at=None, due_on=today - datetime.timedelta(days=3)
                    )
                    start = time.perf_counter()
                    first = flag_overdue(today=today)
                    flagged_seconds = time.perf_counter() - start
                    start = time.perf_counter()
                    second = flag_overdue(today=today)
                    nothing_seconds = time.perf_counter() - start
                    runs.append((len(ids), first.count, second.count, flagged_seconds, nothing_seconds))
                    raise Rollback
            except Rollback:
                pass
        result = {
            "prepared": runs[0][0],
            "flagged": runs[0][1],
            "second_run_flagged": runs[0][2],
            "flag_seconds_median": round(statistics.median(r[3] for r in runs), 3),
            "flag_seconds_max": round(max(r[3] for r in runs), 3),
            "nothing_seconds_median": round(statistics.median(r[4] for r in runs), 4),
            "nothing_seconds_max": round(max(r[4] for r in runs), 4),
            "runs": len(runs),
            # the second run above reads, in the same transaction, the 10,000 row versions just replaced;
            # this is the daily run with nothing new on a vacuumed table
            "nothing_clean_seconds_median": round(statistics.median(clean), 4),
            "nothing_clean_seconds_max": round(max(clean), 4),
        }
        self.stdout.write(
            f"  逾期任务：标记 {result['flagged']} 条 {result['flag_seconds_median']} s；"
            f"紧接着无可标记 {result['nothing_seconds_median']} s；日常无可标记 {result['nothing_clean_seconds_median']} s"
            f"（各 {len(runs)} 次，已回滚）"
        )
        return result

    def time_bulk_job(self) -> dict:
        """The nightly bulk downloads (disclosure_portal/bulk.py) written into a temporary directory, deleted
        afterwards: total time, each file's time and rows, and memory — the resident set sampled every 0.2 s
        (before, at each file's end, its peak) and ru_maxrss. Constant memory shows as a peak that does not
        grow with the rows: compare the resident set after the first table with the peak."""
        # The project package's job, named as its Celery task names it: tooling and the project package are
        # side by side in the layers ([tool.importlinter]), neither imports the other.
        write_all = import_string("disclosure_portal.bulk.write_all")
        rss = _ResidentSampler()
        marks = []
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
        directory = Path(tempfile.mkdtemp(prefix="bench-bulk-", dir=settings.VAR_DIR))
        previous = time.perf_counter()

        def progress(name: str, entry: dict) -> None:
            nonlocal previous
            now = time.perf_counter()
            marks.append({"file": name, "rows": entry["rows"], "bytes": entry["bytes"],
                          "seconds": round(now - previous, 2), "rss_mb": rss.current_mb()})
            previous = now

        try:
            with override_settings(PORTAL_BULK_DIR=str(directory)), rss:
                start = previous = time.perf_counter()
                write_all(progress=progress)
                seconds = time.perf_counter() - start
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        result = {
            "seconds": round(seconds, 1),
            "files": marks,
            "rows": sum(mark["rows"] for mark in marks if mark["file"].endswith(".csv.gz")),
            "bytes": sum(mark["bytes"] for mark in marks),
            "rss_before_mb": rss.before_mb,
            "rss_peak_mb": rss.peak_mb,
            "rss_after_first_table_mb": marks[1]["rss_mb"] if len(marks) > 1 else None,
            "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        self.stdout.write(
            f"  批量下载：{len(marks)} 个文件，CSV 共 {result['rows']} 行，{result['bytes'] / 1e6:.1f} MB，"
            f"{result['seconds']} s；常驻内存 开始 {rss.before_mb} MB，峰值 {rss.peak_mb} MB"
        )
        return result

    def time_sitemaps(self) -> dict:
        """Every file of the sitemap index (issue 24, part 5), as a crawler reads them: /sitemap.xml, then
        each file it names, through the views with the page cache off. Total time, URLs and bytes, the
        slowest file, the resident set (sampled every 0.2 s: before, peak), and Python's own peak
        allocation (tracemalloc) while one full file of records is made — bounded by the 50,000 URLs a
        file holds, not by the number of records."""
        loc = re.compile(rb"<loc>https?://[^/<]+(/[^<]*)</loc>")
        client = Client()
        files = []
        rss = _ResidentSampler()
        with override_settings(PORTAL_PAGE_CACHE_SECONDS=0), rss:
            start = time.perf_counter()
            index = client.get("/sitemap.xml")
            paths = [match.decode().replace("&amp;", "&") for match in loc.findall(index.content)]
            for path in paths:
                began = time.perf_counter()
                response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path}: {response.status_code}")
                urls = response.content.count(b"<url>")
                files.append({"file": path, "urls": urls, "bytes": len(response.content),
                              "seconds": round(time.perf_counter() - began, 3)})
                del response
            seconds = time.perf_counter() - start
        python_peak_mb = None
        records = next((item["file"] for item in files if item["file"].startswith("/sitemap-records")), None)
        if records is not None:
            with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
                tracemalloc.start()
                client.get(records)
                python_peak_mb = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
        slowest = max(files, key=lambda item: item["seconds"], default=None)
        result = {
            "seconds": round(seconds, 2),
            "index_files": len(paths),
            "urls": sum(item["urls"] for item in files),
            "bytes": sum(item["bytes"] for item in files),
            "largest_file_urls": max((item["urls"] for item in files), default=0),
            "slowest_file": slowest,
            "rss_before_mb": rss.before_mb,
            "rss_peak_mb": rss.peak_mb,
            "records_file_python_peak_mb": python_peak_mb,
            "files": files,
        }
        self.stdout.write(
            f"  站点地图：索引 + {len(files)} 个文件，{result['urls']} 个网址（单个文件最多 {result['largest_file_urls']}），"
            f"{result['bytes'] / 1e6:.1f} MB，{result['seconds']} s；常驻内存 开始 {rss.before_mb} MB，峰值 "
            f"{rss.peak_mb} MB；生成一个记录文件的 Python 分配峰值 {python_peak_mb} MB"
        )
        return result

    # ------------------------------------------------------------------------------------
    def throughput_pages(self) -> list[tuple[str, str]]:
        """The pages whose throughput issue 24 (part 1) compares with the constant view: the list's first and
        500th page, a filtered list, a detail page and a search, by their names in `request_cases`."""
        wanted = ("列表 第1页", "列表 第500页", "列表 筛选 第1页", "详情页", f"检索 {SEARCH_TERMS[0][0]}“{SEARCH_TERMS[0][1]}”")
        cases = {name: url for name, url, _ in self.request_cases()}
        return [(name, cases[name]) for name in wanted]

    def throughput(self, duration: int, connections_: int, pages: list[tuple[str, str]]) -> dict:
        """Each page, then the list page with the page cache on, against the constant view of the same
        gunicorn run; "uncached" means the page cache is off (fragments, core/fragments.py, stay on, as in
        production when the page cache misses)."""
        if shutil.which("wrk") is None:
            raise CommandError("没有找到 wrk：请先安装（Debian/Ubuntu：apt-get install -y wrk），或使用 make bench（会自动安装）。")
        out = {"tool": f"wrk -t2 -c{connections_} -d{duration}s", "gunicorn": "2 workers (sync)", "runs": []}
        for label, cache_seconds in (("uncached", "0"), ("cached", "600")):
            port = self._free_port()
            env = {
                **os.environ,
                "PORTAL_BENCH_VIEWS": "1",
                "DEBUG": "0",
                "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-0123456789",
                "SECURE_SSL_REDIRECT": "0",
                "PORTAL_PAGE_CACHE_SECONDS": cache_seconds,
                "PORTAL_SEARCH_RATE": "",  # one client asking many times: the throttle is not what is measured
                "LOG_LEVEL": "WARNING",
            }
            gunicorn = Path(sys.executable).with_name("gunicorn")
            server = subprocess.Popen(  # noqa: S603 - our own executable and arguments
                [str(gunicorn), "disclosure_portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
                env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                self._wait_ready(base + "/bench/ping/", server)
                run = {"cache": label, "pages": []}
                measured = [("ping", "/bench/ping/"), *(pages if label == "uncached" else pages[:1])]
                for name, path in measured:
                    for _ in range(20):  # warm both workers (connections, templates, fragments, the page cache)
                        urllib.request.urlopen(base + quote(path, safe="/?=&"), timeout=30).read()  # noqa: S310 - local http
                    result = self._wrk(base + quote(path, safe="/?=&"), duration, connections_)
                    if name == "ping":
                        run["ping"] = result
                        continue
                    result.update(name=name, url=path)
                    result["ratio"] = round(result["rps"] / run["ping"]["rps"], 3) if run["ping"]["rps"] else None
                    run["pages"].append(result)
                    self.stdout.write(
                        f"  吞吐量（{label}）{name}：{result['rps']:.0f}/s，ping {run['ping']['rps']:.0f}/s，比值 {result['ratio']}"
                    )
                run["list"], run["ratio"] = run["pages"][0], run["pages"][0]["ratio"]  # the list page, as before
                out["runs"].append(run)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
        return out

    def _free_port(self) -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def _wait_ready(self, url: str, server) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn 启动失败：" + server.stderr.read().decode()[-2000:])
            try:
                urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 - local http
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn 60 秒内没有就绪。")

    def _wrk(self, url: str, duration: int, connections_: int) -> dict:
        output = subprocess.run(  # noqa: S603 - wrk found on PATH, our arguments
            ["wrk", "-t2", f"-c{connections_}", f"-d{duration}s", "--latency", url],
            capture_output=True, text=True, check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        return {"rps": rps, "p50": latency.get("50"), "p99": latency.get("99"), "non_2xx": int(non_2xx.group(1)) if non_2xx else 0}

    # ------------------------------------------------------------------------------------
    def print_table(self, result: dict) -> None:
        w = self.stdout.write
        w("")
        w(f"{'项目':<30}{'中位数 ms':>10}{'p95 ms':>10}{'查询数':>8}  说明")
        for row in result["requests"]:
            note = row.get("summary", "") or ("" if row["status"] == 200 else f"HTTP {row['status']}")
            if not row["queries_constant"]:
                note += "（查询数不恒定）"
            w(f"{row['name']:<30}{row['median_ms']:>10.1f}{row['p95_ms']:>10.1f}{row['queries']:>8}  {note}")
        job = result.get("overdue_job")
        if job:
            w(f"{'逾期任务 标记' + str(job['flagged']) + '条':<30}{job['flag_seconds_median'] * 1000:>10.0f}"
              f"{job['flag_seconds_max'] * 1000:>10.0f}{'':>8}  最大值代替 p95（{job['runs']} 次）")
            w(f"{'逾期任务 紧接着无可标记':<30}{job['nothing_seconds_median'] * 1000:>10.1f}{job['nothing_seconds_max'] * 1000:>10.1f}")
            w(f"{'逾期任务 日常无可标记':<30}{job['nothing_clean_seconds_median'] * 1000:>10.1f}"
              f"{job['nothing_clean_seconds_max'] * 1000:>10.1f}")
        sitemaps = result.get("sitemaps")
        if sitemaps:
            w(f"{'站点地图 索引+全部文件':<30}{sitemaps['seconds'] * 1000:>10.0f}{'':>10}{'':>8}  "
              f"{sitemaps['urls']} 个网址，{sitemaps['index_files']} 个文件，内存 {sitemaps['rss_before_mb']} → "
              f"峰值 {sitemaps['rss_peak_mb']} MB")
        bulk_job = result.get("bulk_job")
        if bulk_job:
            w(f"{'批量下载 全部文件':<30}{bulk_job['seconds'] * 1000:>10.0f}{'':>10}{'':>8}  "
              f"CSV {bulk_job['rows']} 行，内存 {bulk_job['rss_before_mb']} → 峰值 {bulk_job['rss_peak_mb']} MB")
        for run in result.get("throughput", {}).get("runs", []):
            w(f"吞吐量 {run['cache']:<9} ping {run['ping']['rps']:>8.0f}/s")
            for page in run["pages"]:
                w(f"    {page['name']:<26} {page['rps']:>8.0f}/s  比值 {page['ratio']}  p50 {page['p50']} p99 {page['p99']}"
                  + (f"  非 2xx {page['non_2xx']}" if page["non_2xx"] else ""))
