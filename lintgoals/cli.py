"""The command line: wires config, paths, packs and reporters; owns exit codes.

This is the only module that prints or exits. Exit codes: 0 nothing at or above
--fail-on; 1 findings at or above it; 2 a usage, config or rule-pack error, or
an input that could not be read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from lintgoals import __version__
from lintgoals.api import EXIT_ERROR, Linter, collect_files, exit_code, make_linter
from lintgoals.config import FAIL_ON, Config, discover, load_config, split_codes
from lintgoals.model import Report
from lintgoals.output import OutputError, is_stdout, same_file, write_whole
from lintgoals.pipeline import BaselineError, apply_baseline, read_baseline, take_as_baseline
from lintgoals.reporters import FORMATS, ReportOptions, get_format
from lintgoals.reporters.common import printable, severity_meaning
from lintgoals.reporters.progress import progress_bar
from lintgoals.rule_text import readable_template
from lintgoals.rules import RuleSet, is_shipped
from lintgoals.words import catalog
from lintgoals.yamlfile import ConfigError


def fail(message: str) -> NoReturn:
    warn(f"error: {message}")
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    """A line on stderr; where stderr cannot be written (closed, a full disk), the
    exit code must still say what happened, so that is all that is lost."""
    try:
        click.echo(f"lintgoals: {printable(message)}", err=True)
    except (OSError, ValueError, AttributeError):
        pass


def resolve_config(config_path: Path | None) -> Config:
    if config_path is None:
        found = discover(Path.cwd())
        for passed_over, why in found.passed_over:
            warn(f"warning: not using {passed_over}: {why}")
        config_path = found.path
    try:
        return load_config(config_path)
    except ConfigError as error:
        fail(str(error))


def config_options(function: Callable[..., None]) -> Callable[..., None]:
    """Options shared by every command that loads rule packs."""
    for option in reversed(
        (
            click.option(
                "-c",
                "--config",
                "config_path",
                type=click.Path(dir_okay=False, path_type=Path),
                help="lintgoals.yaml to use (default: found in this folder or a parent).",
            ),
            click.option(
                "--rules",
                "packs",
                multiple=True,
                metavar="PACK",
                help="Rule pack by name (core) or path; repeatable. Replaces the config's extends.",
            ),
            click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of messages (default zh)."),
        )
    ):
        function = option(function)
    return function


layout_option = click.option(
    "--layout",
    metavar="NAME",
    help="Read tables in this layout instead of detecting it (seed-2019, three-level, or the config's own).",
)


def prepare(config_path: Path | None, packs: tuple[str, ...], lang: str | None, layout: str | None = None) -> Config:
    config = resolve_config(config_path)
    if packs:
        # Packs named on the command line are relative to where the command runs.
        config.extends, config.base = list(packs), Path.cwd()
    config.lang = lang or config.lang
    config.layout = layout or config.layout
    return config


DEBUG = "lintgoals.debug"  # key in click's context meta, shared by the group and its commands


def remember_debug(context: click.Context, _parameter: click.Parameter, value: bool) -> bool:
    if value:
        context.meta[DEBUG] = True
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=remember_debug,
    help="On an internal error, print its traceback.",
)


class Main(click.Group):
    """The command group, with the last line of defence: an unexpected error is one
    line on stderr and exit code 2, its traceback only with --debug."""

    def invoke(self, context: click.Context) -> object:
        try:
            return super().invoke(context)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C: not "findings" (1), not a bad input (2)
            warn("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as error:  # noqa: BLE001 - whatever it is, no traceback unless asked for
            if context.meta.get(DEBUG):
                import traceback

                traceback.print_exc()
            fail(f"internal error ({type(error).__name__}); run with --debug for details")


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lintgoals")
@debug_option
def main() -> None:
    """Lint budget performance target tables (预算项目绩效目标表)."""


def run() -> NoReturn:
    """The `lintgoals` command: main(), then the process ends at once. Tearing the
    interpreter down (freeing every object of a run one by one) would take
    another 30 ms or more, and nothing is left to do: reports are written and
    closed, the worker processes joined."""
    import signal

    # SIGTERM (kill, timeout, a CI job cancelled) unwinds like an exception: a report
    # being written removes its temporary file, and workers die with this process.
    signal.signal(signal.SIGTERM, terminated)
    try:
        main()
        code: object = 0
    except SystemExit as exit_request:
        code = exit_request.code
    except Exception:  # noqa: BLE001 - click could not even print its own error (stderr closed)
        code = EXIT_ERROR
    if code is not None and not isinstance(code, int):
        warn(str(code))  # what Python does with sys.exit("message")
        code = 1
    for stream in (sys.stdout, sys.stderr):  # None where the stream was closed before the run
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or EXIT_ERROR  # a report that did not reach its reader is no pass
    os._exit(code or 0)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM


def terminated(_signal: int, _frame: object) -> None:
    raise SystemExit(EXIT_TERMINATED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@config_options
@layout_option
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (LG1,LG301).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Not these codes or prefixes.")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Report format; repeatable, paired in order with -o.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File for the report of the -f in the same position (default, or -: stdout).",
)
@click.option(
    "--annotate",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUT.xlsx",
    help="Also write the tables as a workbook with the cells that have findings marked "
    "(the same as -f xlsx -o OUT.xlsx).",
)
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that makes the exit code 1.")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Findings recorded in this baseline are reported as known and do not count; only new ones fail the run.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Record this run's findings as the baseline in FILE (the run then passes).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Files linted in parallel processes (default: the number of CPUs); the report is the same.",
)
@click.option("--statistics", is_flag=True, help="Text report: counts by rule and by unit instead of the findings.")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    metavar="N",
    help="Text report: list at most N findings, then say how many more there are.",
)
@click.option("-q", "--quiet", is_flag=True, help="Text report: the summary line only.")
@click.option(
    "--pdf-crops",
    is_flag=True,
    help="HTML report: show each finding on a PDF table with its cell as the page draws it "
    "(reads the PDF again: slower).",
)
@debug_option
def check(
    paths: tuple[Path, ...],
    config_path: Path | None,
    packs: tuple[str, ...],
    lang: str | None,
    layout: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[Path, ...],
    annotate: Path | None,
    fail_on: str | None,
    baseline: Path | None,
    write_baseline: Path | None,
    jobs: int | None,
    statistics: bool,
    max_findings: int | None,
    quiet: bool,
    pdf_crops: bool,
) -> None:
    """Lint tables: files, or folders searched for tables (.tsv .txt .csv .xlsx .xlsm .xls .ods .pdf)
    and model documents (.json .yaml written by `lintgoals parse`)."""
    config = prepare(config_path, packs, lang, layout)
    if select:
        config.cli_select = split_codes(",".join(select))
    config.cli_ignore = split_codes(",".join(ignore))
    files = collect_files(paths)
    if not files:  # a gate that checked nothing must not pass
        fail(
            "no tables found in "
            + ", ".join(str(p) for p in paths)
            + " (tables: .xlsx .xlsm .xls .ods .csv .tsv .txt .pdf; model documents: .json .yaml)"
        )
    if quiet and statistics:
        raise click.UsageError("--quiet and --statistics cannot be used together")
    linter = linter_for(config)
    inputs = [*files, *run_inputs(linter)]
    # No report over the baseline either; --write-baseline may update it in place.
    destinations = pair_outputs(formats or ("text",), outputs, annotate, [*inputs, *([baseline] if baseline else [])])
    if write_baseline is not None:
        refuse_to_overwrite(write_baseline, "the baseline", inputs, [output for _, output in destinations if output])
    known = known_findings(baseline) if baseline is not None else None
    with progress_bar(len(files), sys.stderr) as on_file:
        try:
            report = linter.lint_files(
                files,
                on_file,
                worker_count(jobs),
                keep_documents=any(get_format(name).needs_documents for name, _ in destinations),
            )
        except ConfigError as error:  # a rule that cannot run: nothing is reported, no report file written
            fail(str(error))
    if known is not None:
        apply_baseline(report, known)
        report.run = replace(report.run, baseline=str(baseline)) if report.run else None
    if write_baseline is not None:
        text = take_as_baseline(report)
        write_file(write_baseline, "the baseline", lambda stream: stream.write(text))
        warn(f"{write_baseline}: baseline of {report.baselined} findings written")
    debug = click.get_current_context().meta.get(DEBUG)
    for result in report.files:
        if result.error:
            warn(result.error)
        if debug and result.details:
            click.echo(result.details.rstrip(), err=True)
    fail_on = fail_on or config.fail_on
    options = ReportOptions(
        lang=config.lang,
        version=__version__,
        fail_on=fail_on,
        statistics=statistics,
        quiet=quiet,
        max_findings=max_findings,
        pdf_crops=pdf_crops,
    )
    for format_name, output in destinations:
        write_report(report, format_name, output, options)
    sys.exit(exit_code(report, fail_on))


def worker_count(jobs: int | None) -> int:
    """--jobs, at most one process per CPU: more only crowd the machine (a typo of
    --jobs 10000 would otherwise start as many processes)."""
    cpus = os.cpu_count() or 1
    if jobs is not None and jobs > cpus:
        warn(f"warning: --jobs {jobs} is more than the {cpus} CPUs: using {cpus}")
    return min(jobs or cpus, cpus)


def pair_outputs(
    formats: tuple[str, ...], outputs: tuple[Path, ...], annotate: Path | None, inputs: list[Path]
) -> list[tuple[str, Path | None]]:
    """(format, file or None for stdout) in the order given; --annotate comes last.
    `inputs` are every file the run reads: no report may be written over one."""
    if len(outputs) > len(formats):
        raise click.UsageError("each -o/--output needs its own -f/--format")
    pairs = [
        (name, outputs[i] if i < len(outputs) and not is_stdout(outputs[i]) else None) for i, name in enumerate(formats)
    ]
    if annotate is not None:
        pairs.append(("xlsx", annotate))
    if sum(1 for _, output in pairs if output is None) > 1:
        raise click.UsageError("only one report can go to stdout; give the others an -o/--output file")
    for name, output in pairs:
        if output is None and get_format(name).binary:
            raise click.UsageError(
                f"-f {name} writes a workbook, which cannot go to stdout; "
                f"give it an -o/--output file (or use --annotate OUT.xlsx)"
            )
    files = [output.resolve() for _, output in pairs if output is not None]
    if len(set(files)) < len(files):
        raise click.UsageError("two reports cannot go to the same -o/--output file")
    for _, output in pairs:
        if output is not None:
            refuse_to_overwrite(output, "a report", inputs)
    return pairs


def refuse_to_overwrite(output: Path, what: str, inputs: list[Path], reports: Iterable[Path] = ()) -> None:
    if any(same_file(output, path) for path in inputs):
        fail(
            f"{output}: will not write {what} over a file this run reads (a table, a rule pack, the config or a layout)"
        )
    if any(same_file(output, path) for path in reports):
        raise click.UsageError(f"{output} is both a report and the baseline")


def known_findings(baseline: Path) -> set[str]:
    try:
        return read_baseline(baseline)
    except BaselineError as error:
        fail(f"{baseline}: {error}")


def run_inputs(linter: Linter) -> list[Path]:
    """The files a run reads besides its tables: the config, its own rule packs and layouts."""
    config = linter.config or Config()
    packs = [
        Path(source.path)
        for ruleset in linter.rulesets.values()
        for source in ruleset.sources
        if not is_shipped(source.path)
    ]
    layouts = [(config.base or Path.cwd()) / layout for layout in config.layouts]
    return [*([config.path] if config.path else []), *packs, *layouts]


def write_report(report: Report, format_name: str, output: Path | None, options: ReportOptions) -> None:
    spec = get_format(format_name)
    reporter = spec.load()
    if output is None:
        if sys.stdout is None:
            fail("cannot write the report: standard output is closed (give it a file with -o)")
        try:
            reporter(report, sys.stdout, options)
            sys.stdout.flush()  # here, where a full disk can still be said
        except BrokenPipeError:
            # The reader has read enough (`| head`): the rest goes nowhere, and the
            # exit code still says what the run found.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError as error:
            fail(f"cannot write the report to standard output: {error.strerror or error}")
        return
    file_options = replace(options, color=False, destination=str(output))
    write_file(output, "the report", lambda stream: reporter(report, stream, file_options), spec.binary)


def write_file(output: Path, what: str, write: Callable[[IO[Any]], object], binary: bool = False) -> None:
    """Write a file whole or not at all; a failure is one line and exit 2."""
    try:
        write_whole(output, write, binary)
    except OutputError as error:
        fail(f"{output}: {error}")
    except OSError as error:
        fail(f"{output}: cannot write {what}: {error.strerror or error}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (localhost by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="lintgoals.yaml the service checks with (default: found in this folder or a parent).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Tables checked at once, each in a process of its own.",
)
@click.option(
    "--max-upload-mb",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1024),
    help="Largest request accepted (413 past it).",
)
@click.option(
    "--timeout", default=60, show_default=True, type=click.IntRange(1, 3600), help="Seconds a request's check may take."
)
@click.option(
    "--queue",
    default=32,
    show_default=True,
    type=click.IntRange(0, 10000),
    help="Requests that may wait for a worker (503 with Retry-After past it).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="An origin whose pages may call the API from the browser; repeatable (default: none).",
)
def serve(
    host: str,
    port: int,
    config_path: Path | None,
    workers: int,
    max_upload_mb: int,
    timeout: int,
    queue: int,
    cors_origins: tuple[str, ...],
) -> None:
    """A web page for departments and an HTTP API for the bureau (open http://HOST:PORT/)."""
    from lintgoals.service.app import Settings, run

    config = resolve_config(config_path)
    settings = Settings(config, workers, max_upload_mb, float(timeout), queue, cors_origins)
    linter_for(config)  # a config or pack error: one line and exit 2, before anything listens
    click.echo(f"lintgoals serve: http://{host}:{port}/ ({workers} workers; Ctrl+C to stop)", err=True)
    run(settings, host, port)


@main.command(name="rules")
@config_options
@click.option("--markdown", is_flag=True, help="As a Markdown table (the README's rule catalog is this, in English).")
def list_rules(config_path: Path | None, packs: tuple[str, ...], lang: str | None, markdown: bool) -> None:
    """Every rule of the active packs, as a table."""
    from rich.console import Console
    from rich.table import Table

    config = prepare(config_path, packs, lang)
    ruleset = loaded_rules(config)
    if markdown:
        click.echo(rule_catalog(ruleset, config.lang))
        return
    table = Table(box=None, highlight=False)
    for heading in catalog(config.lang).rule_view["headings"]:
        table.add_column(heading, overflow="fold")
    for rule in ruleset.rules:
        severity = rule.severity.value if rule.severity else "off"
        table.add_row(rule.code, rule.name, severity, rule.pack, escape(rule.summary(config.lang)))
    Console(highlight=False, soft_wrap=True).print(table)


def rule_catalog(ruleset: RuleSet, lang: str) -> str:
    """The rules as a Markdown table: code, name, severity, pack, what it checks."""
    rows = [f"| {' | '.join(catalog(lang).rule_view['headings'])} |", "|---|---|---|---|---|"]
    for rule in ruleset.rules:
        severity = rule.severity.value if rule.severity else "off"
        summary = rule.summary(lang).replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {severity} | {rule.pack} | {summary} |")
    return "\n".join(rows)


@main.command(name="rule")
@click.argument("code")
@config_options
def show_rule(code: str, config_path: Path | None, packs: tuple[str, ...], lang: str | None) -> None:
    """What a rule checks, why, and how to fix what it reports."""
    config = prepare(config_path, packs, lang)
    rule = loaded_rules(config).by_code(code.upper())
    if rule is None:
        fail(f"unknown rule '{code}' (see: lintgoals rules)")
    lang = "en" if config.lang == "en" else "zh"
    words = catalog(lang)
    view = words.rule_view
    severity = rule.severity.value if rule.severity else "off"
    meaning = severity_meaning(severity, config.fail_on, lang) if rule.severity else ""
    title = rule.display_title(lang)
    lines = [
        f"{rule.code} {title}" + view["aside"].format(text=rule.name)
        if title != rule.name
        else f"{rule.code} {rule.name}",
        (
            f"{view['severity']}{words.severities[severity]}{view['aside'].format(text=meaning) if meaning else ''}"
            f"    {view['pack']}{rule.pack}    {view['target']}{words.targets[rule.target]}"
            f"    {view['check']}{rule.check.name}"
        ),
        f"{view['message']}{readable_template(rule.text(rule.message, lang), rule.options, lang)}",
        "",
        rule.explanation(lang),
    ]
    from lintgoals.rule_examples import describe

    for kind in ("fires", "quiet"):
        if rule.examples.get(kind):
            lines += ["", view[kind], *(f"  {describe(example, lang)}" for example in rule.examples[kind])]
    click.echo("\n".join(lines).rstrip())


@main.command(name="checks")
@click.argument("names", nargs=-1, metavar="[CHECK]...")
@click.option("--markdown", is_flag=True, help="As the Markdown table in the README.")
def list_checks(names: tuple[str, ...], markdown: bool) -> None:
    """The check primitives a rule can use (`check:`), each with its options and an example."""
    from lintgoals.check_reference import checks_markdown, checks_text
    from lintgoals.checks import CHECKS
    from lintgoals.rules import did_you_mean

    for name in names:
        if name not in CHECKS:
            fail(f"unknown check '{name}'{did_you_mean(name, CHECKS)} (see: lintgoals checks)")
    click.echo(checks_markdown() if markdown else checks_text(list(names)), nl=False)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="lintgoals.yaml whose layouts to use (default: found in this folder or a parent).",
)
@layout_option
def parse(path: Path, config_path: Path | None, layout: str | None) -> None:
    """The model of one table as JSON (schemas/document.schema.json); `lintgoals check`
    reads such a document back and reports what it would report on the table."""
    import json

    from lintgoals.document_json import document_json
    from lintgoals.readers import ReadError

    linter = linter_for(prepare(config_path, (), None, layout))
    try:
        document, issues = linter.model(path)
    except ReadError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        fail(f"{where}: cannot read a table ({error.code} {error.reason})")
    click.echo(json.dumps(document_json(document, issues), ensure_ascii=False, indent=2))


def linter_for(config: Config) -> Linter:
    try:
        return make_linter(config)
    except ConfigError as error:
        fail(str(error))


def loaded_rules(config: Config) -> RuleSet:
    return linter_for(config).ruleset


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)
