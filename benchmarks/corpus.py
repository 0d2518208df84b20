"""How lintgoals does on the real-table corpus (tests/corpus): per table and in total,
whether it was read into the right shape, the recall of the key's defects, false
alarms, and findings the key does not explain.

    python benchmarks/corpus.py                 # the table, then the totals
    python benchmarks/corpus.py -v NAME ...     # and, for these tables, every miss and finding

Run `python tests/corpus/build.py` first when a transcription changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import source_tree  # noqa: F401  (first: this checkout's lintgoals)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpus"))

from score import Score, Totals, score_corpus


def table_line(score: Score) -> str:
    must = len(score.found) + len(score.missed)
    read = "yes" if score.read_right else ("shape" if score.read else "NO")
    shape = score.shape
    return (
        f"{score.name[:48]:48} {read:>5} {shape['units']:>2}u {shape['projects']:>2}p {shape['indicators']:>3}i "
        f"{len(score.found):>3}/{must:<3} {len(score.false_alarms):>3} {len(score.unexplained):>4}"
    )


def details(score: Score) -> list[str]:
    lines = [f"  key shape {score.entry.get('key', {}).get('shape')}, read {score.shape}"]
    lines += [f"  missed    {must}" for must in score.missed]
    lines += [f"  FALSE     {f.code} line {f.location.line}: {f.message}" for f in score.false_alarms]
    lines += [f"  unkeyed   {f.code} line {f.location.line}: {f.message}" for f in score.unexplained]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="tables to score (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss, false alarm and unkeyed finding")
    arguments = parser.parse_args()
    scores = score_corpus(arguments.names)
    print(f"{'table':48} {'read':>5} {'shape':>12} {'found':>7} {'FA':>3} {'unkd':>4}")
    for score in scores:
        print(table_line(score))
        if arguments.verbose:
            print("\n".join(details(score)))
    totals = Totals.of(scores)
    places = len({score.entry.get("place") for score in scores})
    recall = totals.found / totals.must if totals.must else 1.0
    print(f"\n{totals.tables} tables from {places} places: read right {totals.read_right}/{totals.tables}")
    covered = totals.must - totals.uncovered
    print(
        f"recall {totals.found}/{totals.must} ({recall:.0%}); of the defects a rule covers "
        f"{totals.found}/{covered} ({totals.found / max(covered, 1):.0%})"
    )
    print(
        f"false alarms {totals.false_alarms} ({totals.false_alarms / max(totals.tables, 1):.2f} a table); "
        f"unexplained findings {totals.unexplained}"
    )


if __name__ == "__main__":
    main()
