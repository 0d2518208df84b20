"""The real-table corpus as PDF: does each table read and judge as it does as a workbook?

Each corpus workbook (tests/corpus/NAME.xlsx) is given what an exported table has
(thin borders, wrapped text, rows as tall as their text, one page wide, A4
landscape) and turned into a PDF by LibreOffice, as tests/data/pdf/make.py makes
its fixtures; then `lintgoals check` runs on both. A table reads alike when its
units, projects and indicators are the same; it judges alike when its findings
are (code, project, indicator), leaving out the PDF's own reading notes (LG003)
and the spaces and line breaks a workbook cell keeps and a PDF's wrapped text does not.

    python benchmarks/pdf_corpus.py            # every table (about two minutes)
    python benchmarks/pdf_corpus.py NAME ...   # some; -v lists what differs
    python benchmarks/pdf_corpus.py --browser  # printed as web pages by Chromium instead

Needs LibreOffice (soffice), or for --browser Python's playwright and Debian's chromium.
The PDFs are kept in a temporary folder per run.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import source_tree  # noqa: F401  (first: this checkout's lintgoals)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT / "tests" / "data" / "pdf"))

from make import convert, exported, print_page, workbook_page


def judged(path: Path) -> tuple[tuple[int, int, int], list[tuple[str, str, str]]]:
    process = subprocess.run(
        [sys.executable, "-m", "lintgoals", "check", "-f", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(process.stdout)
    result = report["files"][0]

    def flat(text: str | None) -> str:
        return "".join((text or "").split())

    def project(name: str | None) -> str:
        # A table that names no project: lintgoals calls it after its sheet, or a PDF after its file.
        return "" if name is None or name == path.stem or re.fullmatch(r"Sheet\d*", name) else flat(name)

    findings = sorted(
        (finding["code"], project(finding["project"]), flat(finding["indicator"]))
        for finding in report["findings"]
        if finding["code"] != "LG003"
    )
    return (result["units"], result["projects"], result["indicators"]), findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--browser", action="store_true", help="print each table as a web page with Chromium instead of LibreOffice"
    )
    arguments = parser.parse_args()
    names = arguments.names or [path.stem for path in sorted(CORPUS.glob("*.xlsx"))]
    read_alike = judged_alike = 0
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            styled, pdf = Path(folder) / f"{name}.xlsx", Path(folder) / f"{name}.pdf"
            if arguments.browser:
                print_page(workbook_page(CORPUS / f"{name}.xlsx"), pdf)
            else:
                exported(CORPUS / f"{name}.xlsx", styled)
                convert(styled, pdf)
            (shape, findings), (pdf_shape, pdf_findings) = judged(CORPUS / f"{name}.xlsx"), judged(pdf)
            read_alike += shape == pdf_shape
            judged_alike += shape == pdf_shape and findings == pdf_findings
            mark = "alike" if shape == pdf_shape and findings == pdf_findings else "DIFFER"
            print(f"{name[:50]:50} {mark:6} {shape} {pdf_shape}")
            if arguments.verbose and findings != pdf_findings:
                for finding in sorted(set(findings) - set(pdf_findings)):
                    print("    only in the workbook:", *finding)
                for finding in sorted(set(pdf_findings) - set(findings)):
                    print("    only in the PDF:     ", *finding)
    print(
        f"\n{len(names)} tables as PDF: read alike {read_alike}/{len(names)}, judged alike {judged_alike}/{len(names)}"
    )


if __name__ == "__main__":
    main()
