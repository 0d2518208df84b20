"""`lintgoals serve`, as the bureau's systems and pipelines use it: POST tables to
/api/v1/check and get the report the command line would write, with its exit
code in a header; every status the API promises; nothing kept of what was sent."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import hostile_files as hostile
import httpx
import pytest
from conftest import SAMPLE
from service_helpers import running_service
from test_benchmark_tables import generate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "examples" / "workbooks" / "three-level-defects.xlsx"


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running_service("--workers", "2") as url:
        yield url


def post(url: str, *files: tuple[str, bytes], timeout: float = 120, **fields: str | list[str]) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/check", files=[("file", (name, data)) for name, data in files], data=fields, timeout=timeout
    )


def sample() -> tuple[str, bytes]:
    return SAMPLE.name, SAMPLE.read_bytes()


def lintgoals_folders() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("lintgoals-")}


def test_the_report_is_the_command_lines_with_the_uploaded_names(service: str) -> None:
    response = post(service, sample(), ("路灯维护.xlsx", WORKBOOK.read_bytes()))
    assert response.status_code == 200 and response.headers["X-Lintgoals-Exit"] == "1"
    report = response.json()
    assert [entry["path"] for entry in report["files"]] == [SAMPLE.name, "路灯维护.xlsx"]
    assert [(entry["framework"], entry["units"]) for entry in report["files"]] == [("2019", 3), ("2021", 2)]
    assert ("LG302", 45) in [(f["code"], f["line"]) for f in report["findings"] if f["path"] == SAMPLE.name]
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("format_name", "media_type", "starts"),
    [
        ("sarif", "application/sarif+json", b"{"),
        ("junit", "application/xml", b"<?xml"),
        ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("text", "text/plain; charset=utf-8", SAMPLE.name.encode()),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_every_format(service: str, format_name: str, media_type: str, starts: bytes) -> None:
    response = post(service, sample(), format=format_name)
    assert response.status_code == 200 and response.headers["content-type"] == media_type
    assert response.content.startswith(starts)


def test_english_and_a_choice_of_shipped_packs(service: str) -> None:
    response = post(service, sample(), lang="en", rules=["core", "mof-2021"])
    report = response.json()
    assert report["files"][0]["packs"] == ["core", "mof-2021"]
    assert any("satisfaction" in finding["message"] for finding in report["findings"])


@pytest.mark.parametrize(
    ("fields", "detail"),
    [
        ({"format": "pdf"}, "unknown format 'pdf'"),
        ({"lang": "fr"}, "unknown language 'fr'"),
        ({"rules": "/etc/passwd"}, "unknown pack '/etc/passwd'"),
        ({"rules": "../rules/core"}, "unknown pack"),
    ],
)
def test_a_bad_request_is_422_and_says_why(service: str, fields: dict[str, str], detail: str) -> None:
    response = post(service, sample(), **fields)
    assert response.status_code == 422 and detail in response.json()["detail"]


def test_a_request_without_a_file_is_422(service: str) -> None:
    response = httpx.post(f"{service}/api/v1/check", data={"format": "json"}, timeout=30)
    assert response.status_code == 422 and "file" in response.json()["detail"]


def test_past_the_upload_limit_is_413(service: str) -> None:
    response = post(service, ("big.tsv", b"x" * (21 * 1024 * 1024)))
    assert response.status_code == 413 and "limit" in response.json()["detail"]


@pytest.mark.parametrize("name", ["zip_bomb.xlsx", "encrypted.xlsx", "garbage.xlsx", "binary.tsv"])
def test_hostile_files_get_the_command_lines_findings_and_the_service_stays_up(
    service: str, tmp_path: Path, name: str
) -> None:
    data = {
        "zip_bomb.xlsx": lambda: hostile.zip_bomb(600 * 1024 * 1024),
        "encrypted.xlsx": hostile.encrypted_ooxml,
        "garbage.xlsx": lambda: os.urandom(4096),
        "binary.tsv": lambda: bytes(range(256)) * 64,
    }[name]()
    response = post(service, (name, data))
    assert response.status_code == 200 and response.headers["X-Lintgoals-Exit"] == "2"
    assert [finding["code"] for finding in response.json()["findings"]] == ["LG001"]
    assert httpx.get(f"{service}/healthz", timeout=10).status_code == 200


def test_a_published_pdf_is_checked_and_its_findings_name_their_page(service: str) -> None:
    pdf = ROOT / "tests" / "data" / "pdf" / "seed-unwrapped.pdf"
    response = post(service, ("2019年绩效目标表.pdf", pdf.read_bytes()))
    assert response.status_code == 200 and response.headers["X-Lintgoals-Exit"] == "1"
    report = response.json()
    assert [(entry["path"], entry["units"], entry["error"]) for entry in report["files"]] == [
        ("2019年绩效目标表.pdf", 3, None)
    ]
    assert all(finding["page"] is not None for finding in report["findings"])
    cut = [f for f in report["findings"] if (f["code"], f["page"], f["line"], f["column"]) == ("LG003", 3, 4, 10)]
    assert [f["project"] for f in cut] == ["公务接待费"]
    scanned = post(service, ("扫描件.pdf", (ROOT / "tests" / "data" / "pdf" / "scanned.pdf").read_bytes()))
    assert scanned.headers["X-Lintgoals-Exit"] == "2"
    assert [f["code"] for f in scanned.json()["findings"]] == ["LG001"]
    page = httpx.get(f"{service}/", timeout=10).text
    assert 'accept=".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.pdf"' in page


def test_nothing_is_kept_of_what_was_sent(service: str) -> None:
    before = lintgoals_folders()
    for _ in range(3):
        assert post(service, sample(), ("x.xlsx", os.urandom(100))).status_code == 200
    assert lintgoals_folders() == before


def test_the_rules_and_one_rule_explained(service: str) -> None:
    rules = httpx.get(f"{service}/api/v1/rules", params={"lang": "en"}, timeout=10).json()
    assert {"LG101", "LG501"} <= {rule["code"] for rule in rules}
    rule = httpx.get(f"{service}/api/v1/rules/lg308", timeout=10).json()
    assert rule["code"] == "LG308" and "提升接待能力" in rule["explanation"] and rule["examples"]["fires"]
    assert httpx.get(f"{service}/api/v1/rules/LG999", timeout=10).status_code == 404


def test_health_docs_and_openapi(service: str) -> None:
    assert httpx.get(f"{service}/healthz", timeout=10).json()["status"] == "ok"
    schema = httpx.get(f"{service}/openapi.json", timeout=10).json()
    assert "/api/v1/check" in schema["paths"]
    docs = httpx.get(f"{service}/docs", timeout=10)
    assert docs.status_code == 200 and "/api/v1/check" in docs.text and "cdn" not in docs.text.lower()


def test_every_response_forbids_anything_external(service: str) -> None:
    for response in (
        httpx.get(f"{service}/", timeout=10),
        httpx.get(f"{service}/healthz", timeout=10),
        post(service, sample(), format="html"),
    ):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "http" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    assert (
        "access-control-allow-origin"
        not in httpx.options(
            f"{service}/api/v1/check",
            headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"},
            timeout=10,
        ).headers
    )


def test_busy_past_the_queue_is_503_with_retry_after(tmp_path: Path) -> None:
    big = generate(tmp_path / "big.tsv", "--lines", "40000")
    with running_service("--workers", "1", "--queue", "0") as url:
        first: list[httpx.Response] = []
        slow = threading.Thread(target=lambda: first.append(post(url, (big.name, big.read_bytes()))))
        slow.start()
        try:
            for _ in range(100):  # until the one worker has the first request
                if httpx.get(f"{url}/healthz", timeout=10).json()["busy"] == 1:
                    break
                threading.Event().wait(0.05)
            response = post(url, sample())
            assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
        finally:
            slow.join(timeout=120)
        assert first and first[0].status_code == 200


def test_a_check_past_the_time_limit_is_said_and_the_service_goes_on(tmp_path: Path) -> None:
    big = generate(tmp_path / "big.tsv", "--lines", "100000")
    with running_service("--workers", "1", "--timeout", "1") as url:
        response = post(url, (big.name, big.read_bytes()))
        assert response.status_code == 200 and response.headers["X-Lintgoals-Exit"] == "2"
        (entry,) = response.json()["files"]
        assert "time limit of 1 s" in entry["error"]
        assert post(url, sample()).headers["X-Lintgoals-Exit"] == "1"


def test_it_binds_to_localhost_unless_told(service: str) -> None:
    assert service.startswith("http://127.0.0.1:")
    assert json.loads(httpx.get(f"{service}/healthz", timeout=10).text)["workers"] == 2
