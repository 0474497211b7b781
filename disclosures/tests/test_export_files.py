"""Large open-data exports are built once by the worker and served as files (issue 25): one build however
many readers ask at once, public rows only, unusable after a withdrawal, limited per client address."""

import csv
import io
import json
import os
import threading
import time

import pytest
from openpyxl import load_workbook

from core import export_files
from disclosures import exports, services, tasks, views
from disclosures.tests.factories import in_state, published

URL = "/column/projects/export.csv"
PROXY = "10.0.0.1"  # the one trusted reverse proxy of the tests that set PORTAL_PROXY_COUNT = 1


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def titles(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][1] == "标题"
    return sorted(row[1] for row in rows[1:])


class Queue:
    """Stands in for the Celery queue: builds wait, as behind a busy worker, until `run`."""

    def __init__(self):
        self.jobs: list[dict] = []

    def delay(self, job: dict) -> None:
        self.jobs.append(job)

    def run(self) -> None:
        for job in self.jobs:
            export_files.build(export_files.ExportJob(**job), exports.write_job)


@pytest.fixture
def build_everything(settings):
    """No export is small enough to stream: every non-empty one is built in the background."""
    settings.PORTAL_EXPORT_STREAM_MAX_ROWS = 0


@pytest.fixture
def queue(monkeypatch):
    queue = Queue()
    monkeypatch.setattr(tasks, "build_export", queue)
    return queue


@pytest.fixture
def records(org):
    return {
        "approval": published(org, title="县道改建工程可行性研究报告批复", category="approval_result"),
        "bidding": published(org, title="县道改建工程施工招标公告", category="bidding"),
    }


@pytest.mark.django_db
class TestOneBuild:
    def test_two_requests_at_once_get_one_build_and_then_both_the_file(
        self, client, records, build_everything, queue
    ):
        first = client.get(URL, REMOTE_ADDR="10.1.1.1")
        second = client.get(URL, {"page": "3", "q": ""}, REMOTE_ADDR="10.1.1.2")  # the same export
        assert first.status_code == second.status_code == 202
        assert "正在生成导出文件，请稍候刷新" in first.json()["detail"]
        assert first["Cache-Control"] == "no-store"
        assert first["Retry-After"]
        assert len(queue.jobs) == 1, "one build for both"

        page = client.get(URL, HTTP_ACCEPT="text/html,application/xhtml+xml")  # a browser waiting
        assert page.status_code == 202
        html = page.content.decode()
        assert '<meta http-equiv="refresh" content="5">' in html
        assert "正在生成导出文件，请稍候刷新" in html
        assert f'href="{URL}"' in html
        assert len(queue.jobs) == 1

        queue.run()
        a = client.get(URL, REMOTE_ADDR="10.1.1.1")
        b = client.get(URL, {"page": "3"}, REMOTE_ADDR="10.1.1.2")
        assert a.status_code == b.status_code == 200
        content = body(a)
        assert content == body(b)
        assert titles(content) == ["县道改建工程可行性研究报告批复", "县道改建工程施工招标公告"]
        assert a["Content-Type"] == exports.FORMATS["csv"]
        assert a["Content-Disposition"].startswith('attachment; filename="disclosures-projects-')
        assert a["Cache-Control"] == "public, no-cache"
        assert a["X-Content-Type-Options"] == "nosniff"
        assert a["ETag"] == b["ETag"]
        assert client.get(URL, HTTP_IF_NONE_MATCH=a["ETag"]).status_code == 304
        assert len(queue.jobs) == 1, "the built file is served, not built again"
        built = [path.name for path in export_files.export_dir().iterdir()]
        assert len(built) == 1 and built[0].endswith(".csv"), "no marker or partial file left behind"

    def test_a_request_during_the_build_waits_and_then_gets_the_same_file(
        self, client, rf, records, build_everything, monkeypatch
    ):
        """Celery eager, as in embedded mode: the first request builds; one arriving meanwhile is told to wait."""
        during = []
        write = exports.write_file

        def writing(path, **kwargs):
            during.append(views.column_export(rf.get(URL), domain="projects", fmt="csv"))
            return write(path, **kwargs)

        monkeypatch.setattr(exports, "write_file", writing)
        first = client.get(URL)
        assert first.status_code == 200
        assert [response.status_code for response in during] == [202]
        again = client.get(URL)
        assert again.status_code == 200
        assert len(during) == 1, "not built twice"
        assert body(again) == body(first)

    def test_only_one_of_many_simultaneous_claims_wins(self):
        job = export_files.ExportJob(
            source="disclosures.views.column_export_source",
            kwargs={"domain": "projects", "category": None},
            fmt="csv",
            query=[],
            generation="1",
            title="重大建设项目",
            source_url="",
        )
        start = threading.Barrier(8)
        won = []

        def claim():
            start.wait()
            won.append(export_files.claim(job))

        threads = [threading.Thread(target=claim) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert won.count(True) == 1
        assert export_files.building(job)
        export_files.release(job)
        assert export_files.claim(job), "free again once the build released it"

    def test_a_build_that_died_is_taken_over(self, client, records, build_everything, queue, settings):
        assert client.get(URL).status_code == 202
        (job,) = queue.jobs
        marker = export_files.ExportJob(**job).marker
        stale = time.time() - settings.PORTAL_EXPORT_BUILD_TIMEOUT - 1
        os.utime(marker, (stale, stale))  # the worker died mid-build
        assert client.get(URL).status_code == 202
        assert len(queue.jobs) == 2


@pytest.mark.django_db
class TestPublicOnly:
    def test_unpublished_records_never_reach_a_built_file(self, client, org, records, build_everything):
        for status in ("draft", "submitted", "reviewed", "approved", "withdrawn"):
            in_state(org, status, title=f"不得导出的{status}记录", category="approval_result")
        csv_file = client.get(URL, {"status": "draft"})  # the status filter opens no door either
        assert csv_file.status_code == 200 and csv_file.has_header("ETag"), "a built file"
        public = ["县道改建工程可行性研究报告批复", "县道改建工程施工招标公告"]
        assert titles(body(csv_file)) == public
        document = json.loads(body(client.get("/column/projects/export.json")))
        assert sorted(row["title"] for row in document["results"]) == public
        sheet = load_workbook(
            io.BytesIO(body(client.get("/column/projects/export.xlsx"))), read_only=True
        ).active
        assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == public
        for path in export_files.export_dir().iterdir():
            assert "不得导出".encode() not in path.read_bytes()

    def test_a_build_queued_before_a_withdrawal_never_serves_the_record(
        self, client, org, records, build_everything, queue, django_capture_on_commit_callbacks
    ):
        assert client.get(URL).status_code == 202
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_withdraw(disclosure=records["bidding"], actor=org.reviewer, reason="内容有误")
        queue.run()
        assert list(export_files.export_dir().glob("*.csv")) == [], "nobody asks for that generation any more"
        assert client.get(URL).status_code == 202, "the reader's refresh asks for a new build"
        queue.run()
        assert titles(body(client.get(URL))) == ["县道改建工程可行性研究报告批复"]

    def test_a_withdrawal_makes_the_built_file_unusable(
        self, client, org, records, build_everything, django_capture_on_commit_callbacks
    ):
        before = client.get(URL)
        assert "县道改建工程施工招标公告" in titles(body(before))
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_withdraw(disclosure=records["bidding"], actor=org.reviewer, reason="内容有误")
        after = client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200, "the reader's copy from before the withdrawal is not confirmed (304)"
        assert after["ETag"] != before["ETag"]
        assert titles(body(after)) == ["县道改建工程可行性研究报告批复"]

    def test_old_files_and_dead_builds_are_cleaned_up(self, client, records, build_everything, settings):
        assert client.get(URL).status_code == 200
        (built,) = export_files.export_dir().iterdir()
        leftover = built.with_name(built.name + ".123.partial")
        leftover.write_bytes(b"half")
        os.utime(leftover, (time.time(), time.time()))  # the tests' clock, which the ages are measured by
        assert tasks.clean_exports() == 0, "fresh files are kept"
        old = time.time() - settings.PORTAL_EXPORT_FILE_MAX_AGE - 1
        os.utime(built, (old, old))
        assert client.get(URL).status_code == 200
        assert time.time() - built.stat().st_mtime < 60, "too old to serve: built again"
        os.utime(built, (old, old))
        os.utime(leftover, (old, old))
        assert tasks.clean_exports() == 2
        assert list(export_files.export_dir().iterdir()) == []


@pytest.mark.django_db
class TestExportLimit:
    def test_export_limit_per_client_address_despite_a_forged_forwarded_for(
        self, client, records, build_everything, settings
    ):
        settings.PORTAL_EXPORT_RATE = "2/hour"
        settings.PORTAL_PROXY_COUNT = 1

        def export(q, forged, client_address="203.0.113.7", **extra):
            # the proxy appends the address it saw; whatever the client wrote itself comes before it
            return client.get(
                URL, {"q": q}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{forged}, {client_address}", **extra
            )

        assert export("县道", "198.51.100.1").status_code == 200
        assert export("工程", "198.51.100.2").status_code == 200
        refused = export("批复", "198.51.100.3")
        assert refused.status_code == 429
        assert "导出过于频繁" in refused.json()["detail"]
        assert refused["Cache-Control"] == "no-store"
        assert int(refused["Retry-After"]) <= 3600
        page = export("招标", "198.51.100.4", HTTP_ACCEPT="text/html")
        assert page.status_code == 429
        assert "导出过于频繁" in page.content.decode()
        assert export("县道", "198.51.100.5").status_code == 200, "a built file is still served"
        assert export("批复", "198.51.100.6", client_address="203.0.113.8").status_code == 200, (
            "another reader"
        )

    def test_without_a_proxy_the_forwarded_for_header_is_ignored(self, client, records, settings):
        settings.PORTAL_EXPORT_RATE = "1/hour"
        assert client.get(URL, REMOTE_ADDR="192.0.2.1").status_code == 200  # small: streamed
        refused = client.get(URL, {"q": "县道"}, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
        assert refused.status_code == 429
