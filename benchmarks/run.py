"""Speed and memory of lintgoals at a finance bureau's scale, measured in one run.

    python benchmarks/run.py            # about seven minutes on a 2-core machine
    python benchmarks/run.py --quick    # smaller tables, for a first look
    python benchmarks/run.py --pdf      # the PDF figures alone (seconds)

Prints, for a generated seed-layout table of about 100,000 lines: a bare
csv.reader pass over it (the floor), `lintgoals check` on it (the whole process,
core pack, JSON report written), their ratio, indicator rows per second, peak
memory and where the time goes (start-up; writing the findings alone, with json's
C encoder; the rest, per indicator row); the same at 4x the rows; start-up on the sample table against
`python -c "import yaml, click, rich"`; the table as a workbook against the same
table as text; and 200 copies of the sample, then 20 tables of a tenth of the size,
with --jobs 2 against --jobs 1; and seconds per page reading the seed as PDF
(tests/data/pdf/seed.pdf, 7 pages) and a copy of it 20 times over (140 pages).
Each figure is the best of a few runs (machines are noisy), each against its target.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import source_tree  # noqa: F401  (first: this checkout's lintgoals)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "examples" / "shaoxing-2019-beijing-office.tsv"
SEED_PDF = ROOT / "tests" / "data" / "pdf" / "seed.pdf"
PDF_COPIES = 20


@dataclass(slots=True)
class Run:
    seconds: float
    peak_mb: float
    indicators: int  # indicator rows the report counts


def indicators_in(report: Path) -> int:
    """The files' indicator counts, read from the report's head: loading a large report
    whole would grow this process, and its children's peak memory counts from its size."""
    with report.open(encoding="utf-8") as stream:
        head = stream.read(1 << 20).split('"findings"')[0]
    return sum(int(count) for count in re.findall(r'"indicators": (\d+)', head))


def run_process(arguments: list[str], report: Path | None = None) -> Run:
    """Wall time and peak memory (max RSS) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(arguments)}")
    return Run(seconds, usage.ru_maxrss / 1024, indicators_in(report) if report else 0)


def generate(path: Path, lines: int) -> None:
    """In a process of its own: a child's peak memory counts from the size of the
    process it was forked from, so this one stays small."""
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--lines", str(lines), "--out", str(path)], check=True)


def best(times: int, measure) -> Run:
    return min((measure() for _ in range(times)), key=lambda run: run.seconds)


def best_pair(times: int, first, second) -> tuple[Run, Run]:
    """The best of each of two measurements taken in turns, so that a slow spell
    of the machine weighs on both sides of a ratio alike."""
    runs = [(first(), second()) for _ in range(times)]
    return (
        min((one for one, _ in runs), key=lambda run: run.seconds),
        min((two for _, two in runs), key=lambda run: run.seconds),
    )


def lintgoals(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "lintgoals", *arguments]


def check(path: Path, work: Path, *options: str) -> Run:
    report = work / f"{path.name}.json"
    return run_process(
        lintgoals("check", str(path), "--rules", "core", "-f", "json", "-o", str(report), *options), report
    )


def csv_floor(path: Path) -> float:
    """A bare csv.reader pass: open, decode, split every row, nothing else."""
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        for _ in csv.reader(stream, delimiter="\t"):
            pass
    return time.perf_counter() - started


# Times json.dumps of a report's findings with the C encoder (no indentation) and
# writing them out: the least any tool writing that report must spend. In a child
# process, so that loading the report does not grow this one.
WRITE_FINDINGS = """
import json, sys, time
findings = json.load(open(sys.argv[1], encoding="utf-8"))["findings"]
started = time.perf_counter()
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    stream.write(json.dumps(findings, ensure_ascii=False))
print(time.perf_counter() - started, len(findings))
"""


def findings_floor(report: Path, work: Path) -> tuple[float, int]:
    """Seconds to write the report's findings alone, and how many there are."""
    result = subprocess.run(
        [sys.executable, "-c", WRITE_FINDINGS, str(report), str(work / "findings.json")],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, count = result.stdout.split()
    return float(seconds), int(count)


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value <= target if lower_is_better else value >= target
    return "met" if met else "NOT met"


def line(label: str, figure: str, target: str = "") -> None:
    print(f"  {label:<44} {figure:>16}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 lines instead of 100,000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best counts)")
    parser.add_argument("--pdf", action="store_true", help="only the PDF figures")
    arguments = parser.parse_args()
    lines = 10_000 if arguments.quick else 100_000
    repeat = arguments.repeat
    with tempfile.TemporaryDirectory(prefix="lintgoals-bench-") as folder:
        work = Path(folder)
        # As installed: pip compiles the package's bytecode; a source tree run with
        # PYTHONDONTWRITEBYTECODE set would compile every module on every start instead.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "lintgoals")], check=True)
        print(f"lintgoals benchmarks ({os.cpu_count()} CPUs, Python {sys.version.split()[0]})")
        if arguments.pdf:
            pdf_figures(work, repeat)
            return
        print()
        text, large, workbook = work / "table.tsv", work / "table-4x.tsv", work / "table.xlsx"
        for path, size in ((text, lines), (large, lines * 4), (workbook, lines)):
            generate(path, size)

        floor = min(csv_floor(text) for _ in range(repeat))
        one, four = best_pair(repeat, lambda: check(text, work), lambda: check(large, work))
        writing, findings = min(findings_floor(work / f"{text.name}.json", work) for _ in range(repeat))
        print(f"table of {lines:,} lines, {one.indicators:,} indicator rows, {findings:,} findings")
        line("bare csv.reader pass (the floor)", f"{floor:.3f} s")
        line("lintgoals check (whole process, core pack)", f"{one.seconds:.3f} s")
        line("ratio to the floor", f"{one.seconds / floor:.1f}x", f"target <= 5x: {verdict(one.seconds / floor, 5)}")
        line("indicator rows per second", f"{one.indicators / one.seconds:,.0f}")
        line("peak memory", f"{one.peak_mb:.0f} MB")
        # Where the time goes: start-up and writing the findings alone (with the
        # C encoder) leave little of a 5x budget for reading and checking the rows.
        start_up = best(repeat * 2, lambda: check(SAMPLE, work)).seconds
        rest = one.seconds - start_up - writing
        line("  of which start-up (check on the sample)", f"{start_up:.3f} s", f"{start_up / floor:.1f}x the floor")
        line("  writing the findings alone (json, C)", f"{writing:.3f} s", f"{writing / floor:.1f}x the floor")
        line(
            "  reading, model, rules, messages",
            f"{rest:.3f} s",
            f"{rest / one.indicators * 1e6:.0f} us per indicator row",
        )
        print(f"\nat 4x the rows ({lines * 4:,} lines, {four.indicators:,} indicator rows)")
        line("lintgoals check", f"{four.seconds:.3f} s")
        growth = four.seconds / one.seconds
        line("time growth for 4x the rows", f"{growth:.2f}x", f"target <= 4.4x: {verdict(growth, 4.4)}")
        line("peak memory", f"{four.peak_mb:.0f} MB", f"target < 250 MB: {verdict(four.peak_mb, 250)}")

        imports, sample = best_pair(
            repeat * 2,
            lambda: run_process([sys.executable, "-c", "import yaml, click, rich"]),
            lambda: run_process(lintgoals("check", str(SAMPLE))),
        )
        print("\nstart-up, on the sample table (text report)")
        line('python -c "import yaml, click, rich"', f"{imports.seconds:.3f} s")
        line("lintgoals check sample", f"{sample.seconds:.3f} s")
        line(
            "ratio",
            f"{sample.seconds / imports.seconds:.1f}x",
            f"target <= 3x: {verdict(sample.seconds / imports.seconds, 3)}",
        )

        as_text, as_workbook = best_pair(repeat, lambda: check(text, work), lambda: check(workbook, work))
        print(f"\nthe {lines:,}-line table as a workbook")
        line("lintgoals check table.xlsx", f"{as_workbook.seconds:.3f} s")
        line(
            "ratio to the same table as text",
            f"{as_workbook.seconds / as_text.seconds:.2f}x",
            f"target <= 3x: {verdict(as_workbook.seconds / as_text.seconds, 3)}",
        )

        copies = work / "copies"
        copies.mkdir()
        for number in range(200):
            shutil.copy(SAMPLE, copies / f"table-{number:03d}.tsv")
        jobs_figures("200 copies of the sample", copies, work, repeat, target=1.6)
        # Where files are a department's size, the per-file work outweighs start-up.
        departments = work / "departments"
        departments.mkdir()
        generate(departments / "table-00.tsv", lines // 10)
        for number in range(1, 20):
            shutil.copy(departments / "table-00.tsv", departments / f"table-{number:02d}.tsv")
        jobs_figures(f"20 tables of {lines // 10:,} lines", departments, work, repeat)
        pdf_figures(work, repeat)


def jobs_figures(title: str, folder: Path, work: Path, repeat: int, target: float | None = None) -> None:
    serial, parallel = best_pair(
        repeat, lambda: check(folder, work, "--jobs", "1"), lambda: check(folder, work, "--jobs", "2")
    )
    speed_up = serial.seconds / parallel.seconds
    print(f"\n{title}")
    line("--jobs 1", f"{serial.seconds:.3f} s")
    line("--jobs 2", f"{parallel.seconds:.3f} s")
    line(
        "speed-up",
        f"{speed_up:.2f}x",
        f"target >= {target}x on 2 cores: {verdict(speed_up, target, False)}" if target else "",
    )


def pdf_copies(path: Path, copies: int) -> int:
    """The seed PDF `copies` times over, as one file (pypdfium2 copies the pages as they
    are: each copy's first page repeats the title and header). Returns its page count."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(SEED_PDF)
    combined = pdfium.PdfDocument.new()
    for _ in range(copies):
        combined.import_pages(source)
    combined.save(str(path))
    return len(combined)


def read_seconds(path: Path, repeat: int) -> float:
    """Reading a PDF in this process (pdfium, the grid, the pages joined), best of `repeat`."""
    from lintgoals.readers.pdf import read_pdf_here

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        read_pdf_here(path)
        timings.append(time.perf_counter() - started)
    return min(timings)


def pdf_figures(work: Path, repeat: int) -> None:
    """Seconds per page reading a published table as PDF, and the whole `lintgoals check`."""
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(SEED_PDF))
    large = work / "seed-copies.pdf"
    large_pages = pdf_copies(large, PDF_COPIES)
    small, big = read_seconds(SEED_PDF, repeat * 3), read_seconds(large, repeat)
    as_text, as_pdf = best_pair(repeat * 2, lambda: check(SAMPLE, work), lambda: check(SEED_PDF, work))
    whole = best(repeat, lambda: check(large, work))
    print(f"\nthe sample as PDF ({pages} pages) and {PDF_COPIES} copies of it in one file ({large_pages} pages)")
    line(f"reading, {pages} pages", f"{small:.3f} s", f"{small / pages:.4f} s a page")
    line(f"reading, {large_pages} pages", f"{big:.3f} s", f"{big / large_pages:.4f} s a page")
    line(f"lintgoals check, {pages} pages", f"{as_pdf.seconds:.3f} s", f"the sample as text: {as_text.seconds:.3f} s")
    line(
        f"lintgoals check, {large_pages} pages",
        f"{whole.seconds:.3f} s",
        f"{whole.seconds / large_pages:.4f} s a page, {whole.peak_mb:.0f} MB",
    )


if __name__ == "__main__":
    main()
