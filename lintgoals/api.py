"""The public Python API: what the CLI, the tests and a future web service call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lintgoals.config import Config
from lintgoals.engine import render, run
from lintgoals.layouts import build
from lintgoals.model import FileResult, Finding, Location, Report, RuleDoc
from lintgoals.readers import TEXT_SUFFIXES, ReadError, read
from lintgoals.rules import RuleSet, load_ruleset


def load_rules(config: Config) -> RuleSet:
    ruleset = load_ruleset(config.extends, config.base, config.params, config.severity, config.source)
    return ruleset.selected(config.select, config.ignore)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files to lint: files as given, folders searched for tables, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
        else:
            files.append(path)
    return files


def lint_file(path: Path, ruleset: RuleSet, lang: str = "zh") -> FileResult:
    try:
        document, issues = build(read(path))
        return FileResult(str(path), document, run(ruleset, document, issues, lang))
    except ReadError as error:
        return unreadable(path, error, ruleset, lang)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
        return FileResult(str(path), None, [], f"{path}: internal error ({type(error).__name__}: {error})")


def unreadable(path: Path, error: ReadError, ruleset: RuleSet, lang: str) -> FileResult:
    """A file that could not be read: its LG001/LG002 finding (if that rule is on)
    and the one-line error, which is reported even when the rule is ignored."""
    rule = ruleset.by_code(error.code)
    location = Location(str(path), error.line)
    message = render(rule, error.params, error.reason, lang) if rule else f"{error.code} {error.reason}"
    findings = [] if rule is None or rule.severity is None else [
        Finding(rule.code, rule.name, rule.severity, message, location)]
    where = f"{path}:{error.line}" if error.line else str(path)
    return FileResult(str(path), None, findings, f"{where}: {message} ({error.code})")


def rule_docs(ruleset: RuleSet, lang: str) -> list[RuleDoc]:
    return [RuleDoc(rule.code, rule.name, rule.severity, rule.target, rule.summary(lang), rule.explanation(lang))
            for rule in ruleset.active()]


def lint_files(files: Iterable[Path], ruleset: RuleSet, lang: str = "zh") -> Report:
    return Report([lint_file(path, ruleset, lang) for path in files], rule_docs(ruleset, lang))


def lint(paths: Iterable[Path | str], config: Config | None = None) -> Report:
    """Lint files and folders with a config's rules (the default: the core pack)."""
    config = config or Config()
    return lint_files(collect_files(Path(p) for p in paths), load_rules(config), config.lang)
