"""Rule packs: loading, `extends`, params, validation, compilation.

A pack is YAML data. It is validated against schemas/ruleset.schema.json, its
parents are loaded first, rules with a code already defined refine that rule
(the keys given replace the parent's), and every rule is compiled once: its
check looked up, its options validated against the check's own schema, its
field names and message placeholders checked, `{params.x}` substituted. Any
problem is a ConfigError naming the pack file and the line.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from lintgoals.checks import CHECKS, Check, CheckOptions, OptionError
from lintgoals.conditions import Condition, ConditionError, compile_condition, fields_tested
from lintgoals.model import TABLE_FIELDS, Severity
from lintgoals.package_data import PACKAGE, load_schema
from lintgoals.subjects import COLLECTIONS, CONTEXT_PLACEHOLDERS, FIELDS, TABLE_FIELD_OF
from lintgoals.yamlfile import ConfigError, JsonPath, YamlDocument, load_yaml, schema_error

REQUIRED_KEYS = ("name", "target", "severity", "check", "message")
PARAM = re.compile(r"\{params\.([A-Za-z_][A-Za-z0-9_]*)\}")
OFF = "off"


@dataclass(slots=True, frozen=True)
class Rule:
    code: str
    name: str
    target: str
    severity: Severity | None  # None: switched off
    check: Check[Any]
    options: dict[str, Any]  # as the pack wrote them (params filled in): messages and explanations use them
    settings: CheckOptions  # the same, typed and prepared for the check's function
    when: Condition | None
    message: dict[str, str]
    variants: dict[str, dict[str, str]]
    explain: dict[str, str]
    pack: str
    source: str  # file:line of the rule's definition
    # What the table must have for the rule to run: each entry a set of
    # TABLE_FIELDS of which one will do (a sum needs its total and one part).
    requires: tuple[frozenset[str], ...] = ()
    supersedes: tuple[str, ...] = ()  # codes whose finding on the same cell this rule's finding replaces
    examples: dict[str, list[Any]] = field(default_factory=dict)  # {fires: [...], quiet: [...]}, for its tests
    title: dict[str, str] = field(default_factory=dict)  # for people: 满意度目标偏低; the name is for machines

    def missing_field(self, has: set[str] | None) -> str | None:
        """The first field the rule needs that a table without `has` lacks (None: it can run).
        `has` None: what the table has is not known, and every rule runs."""
        if has is None:
            return None
        return next((min(group) for group in self.requires if group.isdisjoint(has)), None)

    def text(self, texts: dict[str, str], lang: str) -> str:
        return texts.get(lang) or texts.get("zh") or texts.get("en", "")

    def template(self, variant: str | None, lang: str) -> str:
        return self.text((self.variants.get(variant) if variant is not None else None) or self.message, lang)

    def display_title(self, lang: str) -> str:
        """What reports call the rule: its title in the language, else its name."""
        return self.text(self.title, lang) or self.name

    def summary(self, lang: str) -> str:
        """The first sentence of the explanation: what the rule is about, in a line."""
        text = self.explanation(lang)
        return text.split("。")[0] + "。" if "。" in text else text.split(". ")[0].rstrip(".") + "."

    def explanation(self, lang: str) -> str:
        """The explain text, with option values ({min}) filled in."""
        return self.text(self.explain, lang).format_map(
            _Blank({key: value for key, value in self.options.items() if isinstance(value, (str, int, float))})
        )


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(slots=True, frozen=True)
class PackSource:
    """A pack a rule set was loaded from, for the record of a run."""

    name: str
    path: str
    sha256: str


@dataclass(slots=True, frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    params: dict[str, Any]
    sources: tuple[PackSource, ...] = ()  # the packs, parents first

    @property
    def packs(self) -> tuple[str, ...]:
        return tuple(source.name for source in self.sources)

    def active(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.severity is not None)

    def by_code(self, code: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.code == code), None)

    def selected(self, select: list[str], ignore: list[str]) -> RuleSet:
        """Rules whose code starts with a `select` prefix (all if none) and with no `ignore`
        prefix stay on; the others are switched off but kept, for their messages and docs."""

        def chosen(code: str) -> bool:
            return (not select or code.startswith(tuple(select))) and not (ignore and code.startswith(tuple(ignore)))

        return replace(
            self, rules=tuple(rule if chosen(rule.code) else replace(rule, severity=None) for rule in self.rules)
        )


@dataclass(slots=True)
class RawRule:
    """A rule as merged from a pack and its parents, before compilation."""

    data: dict[str, Any]
    pack: str
    origin: dict[str, Origin]  # where each key was last set

    def error(self, key: str, message: str, *below: str | int) -> ConfigError:
        document, at = self.origin.get(key) or self.origin["code"]
        return document.error((*at, key, *below) if key in self.origin else at, f"rule {self.data['code']}: {message}")


Origin = tuple[YamlDocument, JsonPath]


@dataclass(slots=True)
class Loaded:
    rules: dict[str, RawRule] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    param_origins: dict[str, Origin] = field(default_factory=dict)  # where each param was last set
    packs: list[str] = field(default_factory=list)
    sources: list[PackSource] = field(default_factory=list)

    def set_params(self, values: dict[str, Any], document: YamlDocument) -> None:
        self.params.update(values)
        self.param_origins.update({name: (document, ("params", name)) for name in values})


@cache
def shipped_packs_dir() -> Path:
    """The packs installed with the tool (inside the wheel), or the source tree's rules/."""
    installed = PACKAGE / "rules"
    return installed if installed.is_dir() else PACKAGE.parent / "rules"


def is_shipped(path: Path | str) -> bool:
    return Path(path).parent == shipped_packs_dir()


def shipped_pack_names() -> list[str]:
    return sorted(path.stem for path in shipped_packs_dir().glob("*.yaml"))


def ruleset_schema() -> dict[str, Any]:
    return load_schema("ruleset.schema.json")


def resolve_pack(reference: str, base: Path | None) -> Path:
    """A pack by name (core → the shipped core.yaml) or by path (relative to `base`)."""
    if "/" not in reference and "\\" not in reference and not reference.endswith((".yaml", ".yml")):
        return shipped_packs_dir() / f"{reference}.yaml"
    path = Path(reference).expanduser()
    return path if path.is_absolute() or base is None else base / path


def load_ruleset(
    packs: list[str],
    base: Path | None = None,
    params: dict[str, Any] | None = None,
    severity: dict[str, str] | None = None,
    config: YamlDocument | None = None,
    partial: bool = False,
) -> RuleSet:
    """Load packs (parents first), apply the config's params and severities, compile every rule.
    `partial`: the packs are some of those the config was checked against (the 2019
    framework's, beside the 2021 one's), and what it sets of the others is left out."""
    loaded = Loaded()
    for index, reference in enumerate(packs):
        load_pack(resolve_pack(reference, base), loaded, (), (config, ("extends", index)) if config else None)

    def config_error(at: JsonPath, message: str) -> ConfigError:
        return config.error(at, message) if config else ConfigError("config", None, message)

    if partial:
        params = {name: value for name, value in (params or {}).items() if name in loaded.params}
        severity = {code: level for code, level in (severity or {}).items() if code in loaded.rules}
    for name in params or {}:
        if name not in loaded.params:
            raise config_error(("params", name), f"unknown param '{name}' (known: {', '.join(loaded.params)})")
    if params:
        loaded.set_params(params, config or YamlDocument("config", params, {}))
    for code, level in (severity or {}).items():
        if code not in loaded.rules:
            raise config_error(
                ("severity", code), f"severity for unknown rule '{code}'{did_you_mean(code, loaded.rules)}"
            )
        loaded.rules[code].data["severity"] = normalize_severity(level)
    rules = tuple(compile_rule(raw, loaded) for raw in sorted(loaded.rules.values(), key=lambda r: r.data["code"]))
    return RuleSet(rules, dict(loaded.params), tuple(loaded.sources))


def load_pack(path: Path, loaded: Loaded, chain: tuple[Path, ...], referrer: Origin | None) -> None:
    """Load a pack and, first, its parents. `referrer` is the `extends` entry that
    named it: errors about finding the pack point there."""

    def reference_error(message: str) -> ConfigError:
        return referrer[0].error(referrer[1], message) if referrer else ConfigError(str(path), None, message)

    resolved = path.resolve()
    if resolved in chain:
        names = " → ".join(p.name for p in (*chain, resolved))
        raise reference_error(f"extends cycle: {names}")
    if not path.is_file():
        known = ", ".join(shipped_pack_names())
        raise reference_error(f"rule pack not found: {path} (shipped packs: {known})")
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise ConfigError(str(path), 1, "a rule pack is a mapping with 'pack' and 'rules'")
    # The shipped packs are checked against the schema by the test suite; a run
    # does not pay for validating them again (start-up time matters).
    problem = None if is_shipped(path) else schema_error(document, ruleset_schema(), "pack")
    if problem:
        raise problem
    data = document.data
    if data["pack"] in loaded.packs:
        return  # reached twice through extends: its rules are already in
    parents = data.get("extends", [])
    for index, parent in enumerate([parents] if isinstance(parents, str) else parents):
        at = ("extends",) if isinstance(parents, str) else ("extends", index)
        load_pack(resolve_pack(parent, path.parent), loaded, (*chain, resolved), (document, at))
    loaded.set_params(data.get("params") or {}, document)
    defined: dict[str, int] = {}
    for index, entry in enumerate(data.get("rules") or []):
        code = entry.get("code") if isinstance(entry, dict) else None
        if code in defined:
            raise document.error(
                ("rules", index, "code"),
                f"rule {code} is defined twice in this pack (first on line {document.line(('rules', defined[code]))})",
            )
        if code is not None:
            defined[code] = index
        merge_rule(document, ("rules", index), entry, data["pack"], loaded)
    loaded.packs.append(data["pack"])
    loaded.sources.append(PackSource(data["pack"], str(path), document.sha256))


def merge_rule(document: YamlDocument, at: JsonPath, entry: dict[str, Any], pack: str, loaded: Loaded) -> None:
    if "code" not in entry:  # a one-word entry: `LG303: off`
        ((code, level),) = entry.items()
        if code not in loaded.rules:
            raise document.error((*at, code), f"'{code}' is not a rule of the packs this one extends")
        loaded.rules[code].data["severity"] = normalize_severity(level)
        return
    code = entry["code"]
    raw = loaded.rules.get(code) or RawRule({}, pack, {})
    raw.data.update(entry)
    raw.data["severity"] = normalize_severity(raw.data.get("severity", "error"))
    raw.origin.update({key: (document, at) for key in entry})
    if code not in loaded.rules:
        raw.pack = pack
    loaded.rules[code] = raw


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'LG101'?)", where something known is close enough to a mistyped word."""
    from difflib import get_close_matches

    known = list(known)
    # Codes are letters and digits: an O for a 0 or an I for a 1 is the likeliest slip.
    confusable = word.upper().replace("O", "0").replace("I", "1")
    close = [code for code in known if code.replace("O", "0").replace("I", "1") == confusable] or (
        get_close_matches(word, known, n=1, cutoff=0.6)
    )
    return f" (did you mean '{close[0]}'?)" if close else ""


def unmatched_codes(entries: list[str], codes: Iterable[str]) -> list[tuple[int, str, str]]:
    """(index, entry, hint) of the codes or prefixes in `entries` that name no rule:
    LX1 in `select` would select nothing, and nothing would fail."""
    known = sorted(codes)
    prefixes = {code[:length] for code in known for length in range(1, len(code) + 1)}
    return [
        (index, entry, did_you_mean(entry, prefixes)) for index, entry in enumerate(entries) if entry not in prefixes
    ]


def normalize_severity(level: Any) -> str:
    # YAML 1.1 reads a bare `off` as false.
    return OFF if level is False else str(level)


def compile_rule(raw: RawRule, loaded: Loaded) -> Rule:
    data, params = raw.data, loaded.params
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise raw.error("code", f"missing {', '.join(missing)}")
    check = CHECKS.get(data["check"])
    if check is None:
        raise raw.error("check", f"unknown check '{data['check']}' (known: {', '.join(sorted(CHECKS))})")
    target = data["target"]
    options = substitute_params(raw, data.get("options") or {}, params)
    validate_options(raw, check, options, loaded)
    member_target = validate_fields(raw, check, target, options)
    try:
        settings = check.settings.from_options(options, member_target)
    except OptionError as error:
        raise raw.error("options", str(error), error.key) from None
    when = compile_when(raw, target, substitute_params(raw, data.get("when") or {}, params))
    validate_messages(raw, check, target, options)
    document, at = raw.origin["code"]
    return Rule(
        code=data["code"],
        name=data["name"],
        target=target,
        severity=None if data["severity"] == OFF else Severity(data["severity"]),
        check=check,
        options=options,
        settings=settings,
        when=when,
        message=data["message"],
        variants=data.get("variants") or {},
        explain=data.get("explain") or {},
        pack=raw.pack,
        source=f"{document.path}:{document.line(at)}",
        requires=requirements(
            raw, check, substitute_params(raw, data.get("options") or {}, params), data.get("when") or {}
        ),
        supersedes=tuple(data.get("supersedes") or ()),
        examples=data.get("examples") or {},
        title=data.get("title") or {},
    )


def requirements(
    raw: RawRule, check: Check[Any], options: dict[str, Any], when: dict[str, Any]
) -> tuple[frozenset[str], ...]:
    """What a table must have for a rule to run, from the fields its options and
    `when` read (a list of fields needs one of them), and its own `requires`."""
    named: list[Any] = [options.get(key) for key in (*check.field_options, *check.member_field_options)]
    named += sorted(fields_tested(when)) + sorted(fields_tested(options.get("where") or {}))
    groups = {
        frozenset(TABLE_FIELD_OF[name] for name in as_names(entry) if name in TABLE_FIELD_OF)
        for entry in named
        if entry
    }
    for index, name in enumerate(raw.data.get("requires") or []):
        if name not in TABLE_FIELDS:
            raise raw.error("requires", f"unknown table field '{name}' (known: {', '.join(TABLE_FIELDS)})", index)
        groups.add(frozenset({name}))
    return tuple(sorted((group for group in groups if group), key=sorted))


def substitute_params(raw: RawRule, value: Any, params: dict[str, Any]) -> Any:
    """`{params.x}` becomes the param's value: the value itself when it is the
    whole string (so lists and numbers keep their type), else its text."""
    if isinstance(value, dict):
        return {key: substitute_params(raw, item, params) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute_params(raw, item, params) for item in value]
    if not isinstance(value, str) or "{params." not in value:
        return value
    for name in PARAM.findall(value):
        if name not in params:
            raise raw.error("options", f"unknown param '{name}' (known: {', '.join(params)})")
    whole = PARAM.fullmatch(value)
    if whole:
        return params[whole.group(1)]
    return PARAM.sub(lambda match: str(params[match.group(1)]), value)


def validate_options(raw: RawRule, check: Check[Any], options: dict[str, Any], loaded: Loaded) -> None:
    # Unknown names first: a misspelt option is also a missing one, and its name is the better clue.
    unknown = [key for key in options if key not in check.options["properties"]]
    if unknown:
        raise raw.error(
            "options",
            f"check '{check.name}' has no option '{unknown[0]}' (options: {', '.join(check.options['properties'])})",
            unknown[0],
        )
    missing = [key for key in check.options.get("required", []) if key not in options]
    if missing:
        raise raw.error("options", f"option '{missing[0]}' is required (check '{check.name}')")
    # Options of which exactly one is given ("field" or "fields"): named as such, not as JSON Schema's oneOf.
    for group in (check.options, *check.options.get("allOf", [])):
        choices = [choice["required"] for choice in group.get("oneOf", [])]
        given = [keys[0] for keys in choices if all(key in options for key in keys)]
        names = " or ".join(f"'{keys[0]}'" for keys in choices)
        if choices and not given:
            raise raw.error("options", f"option {names} is required (check '{check.name}')")
        if len(given) > 1:
            raise raw.error("options", f"give only one of the options {names} (check '{check.name}')", given[1])
    if trusted(raw, loaded):
        return
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(check.options).iter_errors(options))
    if error is None:
        return
    at = [str(part) for part in error.absolute_path]
    param = param_behind(raw, at[0]) if at else None
    if param in loaded.param_origins:  # the value came from a param: point at where it was set
        document, where = loaded.param_origins[param]
        raise document.error(where, f"param '{param}' (used by rule {raw.data['code']} as {at[0]}): {error.message}")
    raise raw.error("options", f"options{''.join(f'.{p}' for p in at)}: {error.message}", *at)


def trusted(raw: RawRule, loaded: Loaded) -> bool:
    """Options written in a shipped pack, with params set there too, were validated by the test suite."""
    document, _ = raw.origin.get("options") or raw.origin["code"]
    params = {param for option in raw.data.get("options") or {} if (param := param_behind(raw, option))}
    return is_shipped(document.path) and all(
        is_shipped(loaded.param_origins[p][0].path) for p in params if p in loaded.param_origins
    )


def param_behind(raw: RawRule, option: str) -> str | None:
    """The param an option is written as ("{params.x}" → x), if it is one."""
    written = (raw.data.get("options") or {}).get(option)
    match = PARAM.fullmatch(written) if isinstance(written, str) else None
    return match.group(1) if match else None


def validate_fields(raw: RawRule, check: Check[Any], target: str, options: dict[str, Any]) -> str | None:
    """Field names in options must exist for the target; returns the target type of `of`'s items."""
    for key in check.field_options:
        for name in as_names(options.get(key)):
            if name not in FIELDS[target]:
                raise raw.error("options", unknown_field(name, target), key)
    if "of" not in options:
        return None
    member_target = COLLECTIONS[target].get(options["of"])
    if member_target is None:
        raise raw.error(
            "options", f"a {target} has no '{options['of']}' (it has: {', '.join(COLLECTIONS[target]) or 'none'})", "of"
        )
    for key in check.member_field_options:
        for name in as_names(options.get(key)):
            if name not in FIELDS[member_target]:
                raise raw.error("options", unknown_field(name, member_target), key)
    return member_target


def as_names(value: Any) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def unknown_field(name: str, target: str) -> str:
    return f"unknown field '{name}' for target {target} (fields: {', '.join(FIELDS[target])})"


def compile_when(raw: RawRule, target: str, spec: dict[str, Any]) -> Condition | None:
    if not spec:
        return None
    try:
        return compile_condition(spec, target)
    except ConditionError as error:
        raise raw.error("when", str(error), error.key or "") from None


def validate_messages(raw: RawRule, check: Check[Any], target: str, options: dict[str, Any]) -> None:
    """Every {placeholder} must be one the check, the options or the subject provide."""
    allowed = check.params | CONTEXT_PLACEHOLDERS[target] | set(options)
    unknown_variants = set(raw.data.get("variants") or {}) - check.variants
    if unknown_variants:
        raise raw.error(
            "variants",
            f"check '{check.name}' has no variant '{min(unknown_variants)}' "
            f"(variants: {', '.join(sorted(check.variants)) or 'none'})",
        )
    texts = [("message", raw.data["message"]), *(("variants", t) for t in (raw.data.get("variants") or {}).values())]
    for key, text in texts:
        for lang, template in text.items():
            for name in placeholders(raw, key, template):
                if name not in allowed:
                    raise raw.error(
                        key,
                        f"unknown placeholder {{{name}}} in the {lang} message "
                        f"(available: {', '.join(sorted(allowed))})",
                    )
    for template in (raw.data.get("explain") or {}).values():
        placeholders(raw, "explain", template)  # its names are the options': unknown ones print as nothing


PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def placeholders(raw: RawRule, key: str, template: str) -> list[str]:
    """The names a template fills in. Only a plain {name} is allowed: a format spec
    ({project:>300000000} would build a string of that size), a conversion, an
    attribute or index ({min.__class__}) or a position ({0}) is refused when the
    pack loads, not met on every file at run time."""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as error:
        raise raw.error(key, f"bad template: {error} (write {{{{ and }}}} for a literal brace)") from None
    for name, spec, conversion in fields:
        if not PLAIN_NAME.fullmatch(name) or spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise raw.error(key, f"placeholder {written} is not allowed: write a plain {{name}}")
    return [name for name, _, _ in fields]
