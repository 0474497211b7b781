"""snapshot_public: two runs over the same data are the same; a changed title is reported."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from benchmarks import snapshots
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, published

AT = "2026-11-23T10:00:00+08:00"
# Category-level columns and feeds, filtered lists and search repeat what the domain-level pages show;
# leaving them out keeps the test short.
SMALL = [
    *("--exclude", r"^/(column|feeds/rss|feeds/atom)/[^/]+/[a-z_]+/"),
    *("--exclude", r"\?area="),
    *("--exclude", r"^/(search|api/docs)/"),
    *("--api-pages", "1"),
]
TITLE = "青山县城北道路改造工程批准结果"


def snapshot(directory, *args) -> str:
    out = io.StringIO()
    call_command(
        "snapshot_public", str(directory), "--at", AT, *SMALL, *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def test_two_runs_are_the_same_and_a_changed_title_is_reported(org, tmp_path):
    record = published(org, title=TITLE)
    draft(org.clerk, org.department, title="未公开的草稿")

    snapshot(tmp_path / "a")
    index = json.loads((tmp_path / "a" / "index.json").read_text(encoding="utf-8"))
    entries = {entry["url"]: entry for entry in index["entries"]}
    detail, api_detail = record.get_absolute_url(), f"/api/v1/disclosures/{record.pk}/"
    assert entries[detail]["status"] == 200
    assert TITLE in (tmp_path / "a" / entries[detail]["file"]).read_text(encoding="utf-8")
    assert entries["/column/projects/export.xlsx"]["status"] == 200  # every format of an export it links
    assert entries[api_detail]["status"] == 200  # API details of the rows its lists show
    assert index["meta"]["at"] == AT

    # The same data, the same pinned instant: nothing differs (CSRF tokens aside).
    out = snapshot(tmp_path / "b", "--compare", str(tmp_path / "a"))
    assert "不同 0，仅在基线 0，仅在新快照 0" in out

    Disclosure.objects.filter(pk=record.pk).update(title=TITLE + "（更正）")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "snapshot_public",
            str(tmp_path / "c"),
            "--at",
            AT,
            *SMALL,
            "--compare",
            str(tmp_path / "a"),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert error.value.returncode == 1
    report = out.getvalue()
    assert f"changed  [anonymous] {detail}\n" in report
    assert f"changed  [anonymous] {api_detail}\n" in report
    assert f'+ "title": "{TITLE}（更正）",' in report  # the first differing lines


def write_snapshot(directory, body: dict) -> None:
    (directory / "anonymous").mkdir(parents=True)
    (directory / "anonymous" / "x.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    entry = {
        "user": "anonymous",
        "url": "/api/v1/x/",
        "status": 200,
        "sha256": directory.name,
        "file": "anonymous/x.json",
        "headers": {"Content-Type": "application/json"},
    }
    (directory / "index.json").write_text(json.dumps({"meta": {}, "entries": [entry]}), encoding="utf-8")


def test_available_actions_is_ignored_other_keys_are_not(tmp_path):
    write_snapshot(tmp_path / "a", {"results": [{"id": 1, "title": "甲"}]})
    write_snapshot(tmp_path / "b", {"results": [{"id": 1, "title": "甲", "available_actions": ["submit"]}]})

    differences, counts = snapshots.compare(tmp_path / "a", tmp_path / "b")
    assert differences == [] and counts["same"] == 1

    differences, _ = snapshots.compare(tmp_path / "a", tmp_path / "b", snapshots.Ignores(keys=[]))
    assert [d.url for d in differences] == ["/api/v1/x/"]
    assert '+   "available_actions": [' in differences[0].lines
