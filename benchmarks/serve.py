"""`lintgoals serve` under load: N clients at once posting department-sized tables
(about 500 indicator rows each) to a running service; throughput and latency.

    python benchmarks/serve.py                  # 20 clients, 10 requests each, 2 workers
    python benchmarks/serve.py --clients 40 --requests 5 --workers 2

The goal on a 2-core machine: 20 clients at once, p95 under 1 s, no errors.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import source_tree  # noqa: F401  (first: this checkout's lintgoals)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from service_helpers import running_service


def department_table(folder: Path) -> Path:
    """A seed-layout table of about 500 indicator rows (10 units of 8 projects of 6 indicators)."""
    path = folder / "department.tsv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--units",
            "10",
            "--projects",
            "8",
            "--indicators",
            "6",
            "--out",
            str(path),
        ],
        check=True,
    )
    return path


def client(url: str, data: bytes, requests: int, latencies: list[float], errors: list[str]) -> None:
    with httpx.Client(timeout=120) as http:
        for _ in range(requests):
            started = time.perf_counter()
            try:
                response = http.post(f"{url}/api/v1/check", files=[("file", ("department.tsv", data))])
                if response.status_code != 200:
                    errors.append(str(response.status_code))
            except httpx.HTTPError as error:
                errors.append(type(error).__name__)
            latencies.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        table = department_table(Path(folder))
        data = table.read_bytes()
        with running_service("--workers", str(arguments.workers), "--queue", str(arguments.clients * 2)) as url:
            indicators = httpx.post(
                f"{url}/api/v1/check", files=[("file", ("department.tsv", data))], timeout=120
            ).json()["files"][0]["indicators"]
            latencies: list[float] = []
            errors: list[str] = []
            threads = [
                threading.Thread(target=client, args=(url, data, arguments.requests, latencies, errors))
                for _ in range(arguments.clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(
        f"lintgoals serve: {arguments.workers} workers; {arguments.clients} clients at once, "
        f"{arguments.requests} requests each; a table of {indicators} indicator rows"
    )
    print(f"  requests                 {len(latencies)}")
    print(f"  throughput               {len(latencies) / elapsed:.1f} requests/s")
    print(f"  latency p50              {statistics.median(latencies):.3f} s")
    print(f"  latency p95              {p95:.3f} s   target < 1 s: {'met' if p95 < 1 else 'NOT met'}")
    print(f"  errors                   {len(errors)}   target 0: {'met' if not errors else 'NOT met'}")


if __name__ == "__main__":
    main()
