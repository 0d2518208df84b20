"""The public Python API: what the CLI, the tests and a future web service call."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from functools import partial
from pathlib import Path

from lintgoals.config import Config
from lintgoals.document_json import DOCUMENT_SUFFIXES, looks_like_document, read_document
from lintgoals.engine import render, run
from lintgoals.framework import FRAMEWORK_2019, FRAMEWORK_2021, PACKS, detect_framework
from lintgoals.headers import name_headers
from lintgoals.layouts import LayoutProfile, build, load_profiles
from lintgoals.model import (
    Document,
    DocumentSummary,
    FileResult,
    FileStamp,
    Finding,
    Issue,
    Location,
    PackRecord,
    Report,
    RuleDoc,
    RunRecord,
    Severity,
)
from lintgoals.pipeline import apply_exceptions
from lintgoals.readers import TABLE_SUFFIXES, ReadError, read
from lintgoals.readers.table import path_text
from lintgoals.rules import RuleSet, is_shipped, load_ruleset, unmatched_codes
from lintgoals.yamlfile import ConfigError


def load_rules(config: Config, packs: list[str] | None = None) -> RuleSet:
    """The config's rules: its packs (or some of the framework packs: `packs`), params,
    severities, select and ignore."""
    ruleset = load_ruleset(
        packs or config.extends or PACKS[FRAMEWORK_2021],
        config.base,
        config.params,
        config.severity,
        config.source,
        partial=packs is not None and packs != PACKS[FRAMEWORK_2021],
    )
    return ruleset.selected(config.selected, config.ignored)


class Rulesets:
    """The rules for each framework: the config's packs for all, or, where it names
    none, each framework's own packs (lintgoals.framework). Each is loaded when a
    table first needs it (a run over 2019 tables never compiles the 2021 rules),
    and a config that loads no rule it cannot run is refused at once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.loaded: dict[str, RuleSet] = {}
        if config.extends is not None:
            self.loaded = dict.fromkeys(PACKS, load_rules(config))
        else:
            self[FRAMEWORK_2021]  # the most rules: a config error in any shows now

    def __getitem__(self, framework: str) -> RuleSet:
        if framework not in self.loaded:
            self.loaded[framework] = load_rules(self.config, PACKS[framework])
        return self.loaded[framework]

    def values(self) -> list[RuleSet]:
        return [self[framework] for framework in PACKS]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files to lint: files as given; in folders, tables and model documents, in a
    stable order. A folder that cannot be read is listed too: reading it is an LG001
    that names it, as for a file that cannot be read."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        files += sorted(files_in(path))
    return files


def files_in(folder: Path) -> list[Path]:
    """The tables and model documents under a folder, and the folders under it that cannot be read."""
    found: list[Path] = []
    for parent, _, names in os.walk(folder, onerror=lambda error: found.append(Path(error.filename))):
        found.extend(path for name in names if (path := Path(parent) / name).is_file() and is_lintable(path))
    return found


def is_lintable(path: Path) -> bool:
    suffix = path.suffix.lower()
    # A folder holds other JSON and YAML too (reports, configs, rule packs): only model documents count.
    return suffix in TABLE_SUFFIXES or (suffix in DOCUMENT_SUFFIXES and looks_like_document(path))


@dataclass(slots=True, frozen=True)
class Linter:
    """Rules and layouts loaded once, then applied file by file."""

    rulesets: Rulesets  # by framework (lintgoals.framework)
    lang: str = "zh"
    profiles: tuple[LayoutProfile, ...] | None = None  # None: the shipped layouts
    layout: str | None = None  # a layout forced by name, instead of detection
    config: Config | None = None  # what worker processes build their own Linter from

    @property
    def ruleset(self) -> RuleSet:
        """Every rule any table may be checked with: what `lintgoals rules` lists."""
        return self.rulesets[FRAMEWORK_2021]

    def model(self, path: Path) -> tuple[Document, list[Issue]]:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            document, issues = read_document(path)
        else:
            document, issues = build(read(path), self.profiles, self.layout)
        document.framework = document.framework or detect_framework(document)
        return document, issues

    def lint_file(self, path: Path, keep_document: bool = True) -> FileResult:
        # The model is a tree without cycles, built of hundreds of thousands of
        # objects: the cycle collector would scan them again and again for nothing.
        with collector_paused():
            result = self.checked(path, keep_document)
        result.stamp = stamp_of(path)
        if result.path != str(path):
            result.source = path
        return result

    def result_of(self, path: Path, keep_documents: bool) -> FileResult:
        result = self.lint_file(path, keep_documents)
        return result if keep_documents else result.without_document()

    def checked(self, path: Path, keep_document: bool = True) -> FileResult:
        try:
            document, issues = self.model(path)
            ruleset = self.rulesets[document.framework]
            # Findings say where in the model they are only for a report that keeps it.
            outcome = run(ruleset, document, issues, self.lang, locate=keep_document)
            name_headers(document, outcome.findings)
            return FileResult(
                path_text(path),
                document,
                outcome.findings,
                summary=DocumentSummary.of(document, ruleset.packs, outcome.skipped),
            )
        except ReadError as error:
            return unreadable(path, error, self.rulesets[FRAMEWORK_2019], self.lang)
        except ConfigError:
            raise  # a rule pack that cannot run (a pattern past its time limit) is no fault of the file
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
            return FileResult(
                path_text(path),
                None,
                [],
                f"{path_text(path)}: internal error ({type(error).__name__}); run with --debug for details",
                format_exc(),
            )

    def lint_files(
        self,
        files: Iterable[Path],
        on_file: Callable[[Path], None] | None = None,
        jobs: int = 1,
        keep_documents: bool = True,
    ) -> Report:
        """Lint each file, in `jobs` processes; the report lists them in the order given.
        `on_file`, if given, is told each path as its turn comes (the command line
        drives its progress bar with it). Without `keep_documents`, each file's model
        is dropped once it is linted (its summary stays): a run over hundreds of
        files then holds only their findings, and workers send back only those."""
        files = list(files)
        parallel = jobs > 1 and len(files) > 1 and self.config is not None
        lint = partial(lint_in_worker if parallel else self.result_of, keep_documents=keep_documents)
        outcomes = parallel_results(self, files, jobs, lint) if parallel else map(lint, files)
        results = []
        for path in files:
            if on_file is not None:
                on_file(path)
            results.append(next(outcomes))
        report = Report(results, self.rule_docs(results), self.record())
        if self.config is not None:
            apply_exceptions(report, self.config, self.ruleset, self.lang)
        return report

    def record(self) -> RunRecord:
        """What this run applies: its packs and config, by name and hash."""
        config = self.config or Config()
        sources = {source.name: source for ruleset in self.rulesets.values() for source in ruleset.sources}
        packs = tuple(
            PackRecord(source.name, None if is_shipped(source.path) else shown_path(Path(source.path)), source.sha256)
            for source in sources.values()
        )
        return RunRecord(
            run_time(),
            packs,
            shown_path(config.path) if config.path else None,
            config.source.sha256 if config.source else None,
            tuple(config.selected),
            tuple(config.ignored),
        )

    def rule_docs(self, results: list[FileResult]) -> list[RuleDoc]:
        """The rules the files were checked with: those of the frameworks they follow."""
        used = {result.summary.framework for result in results if result.summary is not None} or {FRAMEWORK_2019}
        rules = {rule.code: rule for framework in sorted(used) for rule in self.rulesets[framework].active()}
        return [
            RuleDoc(
                rule.code,
                rule.name,
                severity,
                rule.target,
                rule.summary(self.lang),
                rule.explanation(self.lang),
                rule.display_title(self.lang),
            )
            for _, rule in sorted(rules.items())
            if (severity := rule.severity) is not None
        ]


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the file left (its findings, its model if a report shows it) would
        # otherwise sit in the youngest generation, where the next collections
        # would scan every one of its objects twice over. Frozen and thawed, it
        # moves to the oldest at once, as if it had survived them.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


# Each worker process builds its Linter once, from the config (compiled rules hold
# functions, which do not travel between processes); this is that process's own.
WORKER: dict[str, Linter] = {}


def start_worker(config: Config | None) -> None:
    die_with_parent()
    # A worker forked from the parent has its Linter already; one started afresh builds it.
    if "linter" not in WORKER:
        if config is None:
            raise RuntimeError("a worker started afresh builds its Linter from a config, and the Linter has none")
        WORKER["linter"] = make_linter(config)


def die_with_parent() -> None:
    """Have the kernel kill this worker when the process that started it dies
    (SIGKILL, the OOM killer, `timeout`): a worker must never wait on a pipe for
    ever. Linux only (prctl PR_SET_PDEATHSIG); elsewhere the pool's own shutdown
    is all there is."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the signal was asked for
        os._exit(1)


def lint_in_worker(path: Path, keep_documents: bool) -> FileResult:
    return WORKER["linter"].result_of(path, keep_documents)


def parallel_results(
    linter: Linter, files: list[Path], jobs: int, lint: Callable[[Path], FileResult]
) -> Iterator[FileResult]:
    """The results of `lint` over the files, in order, from worker processes.

    A worker that dies (the OOM killer) breaks the pool: the file it was on is
    told apart by checking each unfinished file again alone, and the others go on
    in a new pool. Where no process can be started (the process limit), the rest
    is linted here, one file after another."""
    from concurrent.futures import ProcessPoolExecutor  # costs start-up time: only when files run in parallel
    from concurrent.futures.process import BrokenProcessPool

    WORKER["linter"] = linter  # what forked workers inherit
    pending = list(files)
    while pending:
        try:
            pool = ProcessPoolExecutor(
                max_workers=min(jobs, len(pending)), initializer=start_worker, initargs=(linter.config,)
            )
            futures = [pool.submit(lint, path) for path in pending]
        except OSError:  # no process could be started: EAGAIN at the process limit
            yield from map(lint, pending)  # (lint_in_worker works here too: WORKER holds this linter)
            return
        try:
            for index, (path, future) in enumerate(zip(pending, futures, strict=True)):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    yield alone(linter, path, lint)
                    pending = pending[index + 1 :]
                    break
                yield result
            else:
                pending = []
        finally:
            # On an interruption, do not wait for the workers' files to finish: they
            # die with this process (die_with_parent).
            pool.shutdown(wait=not pending, cancel_futures=True)


def alone(linter: Linter, path: Path, lint: Callable[[Path], FileResult]) -> FileResult:
    """A file checked again in a worker of its own: if that worker dies too, this
    file is what kills it, and its result says so."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=start_worker, initargs=(linter.config,)) as pool:
            return pool.submit(lint, path).result()
    except BrokenProcessPool:
        return FileResult(
            path_text(path),
            None,
            [],
            f"{path_text(path)}: the process checking it stopped before it finished (out of memory, or killed)",
        )
    except OSError:
        return lint(path)


def shown_path(path: Path) -> str:
    """A path as a report shows it: relative to the folder the run started in, where it lies below it."""
    try:
        return path_text(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path_text(path)


def run_time() -> str:
    """Now, in UTC; or SOURCE_DATE_EPOCH where it is set, as for reproducible builds:
    a report made twice from the same inputs is then the same file."""
    import os
    from datetime import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def format_exc() -> str:
    import traceback  # only on an internal error: it costs start-up time

    return traceback.format_exc()


def make_linter(config: Config) -> Linter:
    """A Linter for a config: its rule packs, its own layouts; ConfigError when either is invalid."""
    profiles = load_profiles([(config.base or Path.cwd()) / path for path in config.layouts])
    if config.layout is not None and config.layout not in {profile.name for profile in profiles}:
        known = ", ".join(profile.name for profile in profiles)
        raise ConfigError(str(config.path or "--layout"), None, f"unknown layout '{config.layout}' (known: {known})")
    rulesets = Rulesets(config)
    check_codes(config, rulesets[FRAMEWORK_2021])
    return Linter(rulesets, config.lang, profiles, config.layout, config)


def check_codes(config: Config, ruleset: RuleSet) -> None:
    """Every code or prefix in `select` and `ignore` (the config's and the command
    line's) names a rule: `select: [LX1]` would otherwise check nothing and pass."""
    codes = [rule.code for rule in ruleset.rules]
    for option, entries in (("--select", config.cli_select or []), ("--ignore", config.cli_ignore)):
        for _, entry, hint in unmatched_codes(entries, codes):
            raise ConfigError(option, None, f"'{entry}' names no rule{hint}")
    for accepted in config.exceptions:
        for _, entry, hint in unmatched_codes([accepted.code], codes):
            raise ConfigError(str(config.path or "config"), accepted.line, f"exceptions: '{entry}' names no rule{hint}")
    for key in ("select", "ignore"):
        for index, entry, hint in unmatched_codes(getattr(config, key), codes):
            message = f"{key}: '{entry}' names no rule{hint}"
            if config.source is None:
                raise ConfigError(str(config.path or "config"), None, message)
            listed = isinstance(config.source.data.get(key), list)
            raise config.source.error((key, index) if listed else (key,), message)


def unreadable(path: Path, error: ReadError, ruleset: RuleSet, lang: str) -> FileResult:
    """A file that could not be read: its LG001/LG002 finding (if that rule is on)
    and the one-line error, which is reported even when the rule is ignored."""
    rule = ruleset.by_code(error.code)
    location = Location(path_text(path), error.line)
    message = render(rule, error.params, error.reason, lang) if rule else f"{error.code} {error.reason}"
    findings = (
        []
        if rule is None or rule.severity is None
        else [Finding(rule.code, rule.name, rule.severity, message, location)]
    )
    where = f"{path_text(path)}:{error.line}" if error.line else path_text(path)
    return FileResult(path_text(path), None, findings, f"{where}: {message} ({error.code})")


MAX_STAMPED_BYTES = 256 * 1024 * 1024  # the largest input a reader accepts (readers/excel.py)


def stamp_of(path: Path) -> FileStamp | None:
    """The file's size and hash, read in blocks (a large table is never held twice).
    None for what is not a regular file (a pipe is read once, by the reader) or is
    past what any reader reads."""
    import hashlib
    import stat

    digest, size = hashlib.sha256(), 0
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_STAMPED_BYTES:
            return None
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError:
        return None  # unreadable: the result says so already
    return FileStamp(size, digest.hexdigest())


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def exit_code(report: Report, fail_on: str) -> int:
    """0 nothing at or above `fail_on`; 1 findings at or above it; 2 a file could not be read."""
    if any(result.error for result in report.files):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold and f.counts for f in report.findings) else EXIT_OK


def lint(paths: Iterable[Path | str], config: Config | None = None) -> Report:
    """Lint files and folders with a config's rules and layouts (the default: the core pack)."""
    return make_linter(config or Config()).lint_files(collect_files(Path(p) for p in paths))
