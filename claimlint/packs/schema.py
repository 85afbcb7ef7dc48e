"""Rule packs: YAML data describing evidence, vocabulary and rules, validated with line numbers.

A pack is data, not code. Loading it checks every key and reference so that a
rule which could never match, or a typo in a key, fails loudly as
``file:line: message`` instead of silently doing nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from ..errors import PackError
from ..findings import SEVERITIES, STATUSES, TIERS
from .morphology import derived
from .files import pack_sources
from .regex_guard import check_patterns
from .yamlsource import LineDict, LineList, line_of, load_yaml

SCOPES = ("clause", "sentence", "block")
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PACK_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Evidence:
    id: str
    tier: str
    reasoning: str
    source: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Named vocabulary: phrases (matched case-insensitively), lemmas, or raw Matcher patterns."""

    key: str  # "pack:name", unique across packs
    terms: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Unit:
    """One unit a measure is stated in, with what the evidence supports in it."""

    name: str
    written: tuple[str, ...]  # how it is written after a number ("%", "mg/dL"), case-insensitively
    readings: tuple[float, float]  # plausible readings: a number without a unit inside them counts as one
    baseline: float  # a typical reading before treatment: a relative cut ("by 30%") is taken of it
    max_reduction: float  # the largest fall the evidence supports, in this unit
    changes: tuple[str, ...] = ()  # other words a change in this unit is stated in ("points")
    bare: bool = True  # whether a number with no unit may be read in this unit


@dataclass(frozen=True)
class Frame:
    """Who does what to what, read from the parse (pipeline/frames.py): lexicon keys for each role."""

    predicate: tuple[str, ...]
    target: tuple[str, ...]
    actor: tuple[str, ...] = ()  # empty: any actor, or none


@dataclass(frozen=True)
class Quantity:
    """A numeric check: a stated fall of a measure larger than the evidence supports.

    Every key names a lexicon but ``units``: ``measure`` names the measure, ``falls`` states a fall (lower,
    drop, ...), ``before`` and ``after`` label a starting and a resulting reading ("Before: 8.9%"), ``other``
    marks a bare number as something else (a duration, an age, a count, a price)."""

    measure: str
    falls: str
    units: tuple[Unit, ...]
    before: str | None = None
    after: str | None = None
    other: str | None = None

    def lexicon_keys(self) -> set[str]:
        return {k for k in (self.measure, self.falls, self.before, self.after, self.other) if k}


@dataclass(frozen=True)
class MatchSpec:
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    not_: tuple[str, ...] = ()
    within: str = "sentence"
    order: bool = False  # 'all' elements must appear in the order listed
    pattern: tuple[Any, ...] = ()
    dependency: tuple[Any, ...] = ()
    quantity: Quantity | None = None
    either: tuple["MatchSpec", ...] = ()  # alternatives: the rule matches when any of them does
    anchor: str | None = None  # a lexicon of 'all'/'any' whose words must be in the claim's own sentence
    requires: tuple[str, ...] = ()  # lexicons that must occur within the scope, without being the claim's words
    frame: Frame | None = None

    def lexicon_keys(self) -> set[str]:
        keys = {*self.all, *self.any, *self.not_, *self.requires} | (self.quantity.lexicon_keys() if self.quantity else set())
        if self.frame:
            keys |= {*self.frame.predicate, *self.frame.target, *self.frame.actor}
        return keys.union(*(alt.lexicon_keys() for alt in self.either))


@dataclass(frozen=True)
class PageSpec:
    """A page-level rule (claimlint/page): when the page holds findings of some categories or rules (or some
    content), it must also hold a disclosure (``requires``), or must not hold some content (``forbids``).
    Each is a tuple of lexicon keys; ``within`` is "page" or "section" (the disclosure in the trigger's section)."""

    categories: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    at_least: int = 1  # triggering findings (or content hits) needed: one stray claim on an honest page is not enough
    page_has: tuple[str, ...] = ()  # the page must also hold one of these (a page that sells: "book your consultation")
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    within: str = "page"
    prominent: bool = False  # a disclosure only in a footer or small print does not count (FTC: clear and conspicuous)

    def lexicon_keys(self) -> set[str]:
        return {*self.content, *self.page_has, *self.requires, *self.forbids}


@dataclass(frozen=True)
class Example:
    text: str
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    evidence: Evidence
    match: MatchSpec
    message: str
    suggestion: str
    severity: str | None
    link: str | None
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    pack: str
    path: str
    line: int
    ignore_context: tuple[str, ...] = ()  # statuses whose cues do not apply ("in mice" for an animal-evidence rule)
    page: PageSpec | None = None  # a page-level rule: ``match`` is empty and claimlint/page reads this instead

    @property
    def tier(self) -> str:
        return self.evidence.tier


@dataclass
class Pack:
    id: str
    title: str
    version: str
    indication: str
    path: str
    evidence: dict[str, Evidence] = field(default_factory=dict)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    context: Any = None  # extra context cues, validated by the context stage


# --- schema helpers -------------------------------------------------------------------------

class _Checker:
    """Validates one pack file, raising PackError with the offending line."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def fail(self, message: str, node: Any = None, line: int | None = None) -> None:
        raise PackError(message, self.path, line or line_of(node) or None)

    def mapping(self, node: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> LineDict:
        if not isinstance(node, dict):
            self.fail(f"{where} must be a mapping", node)
        required, allowed = set(required), set(required) | set(optional)
        for key in node:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.fail(f"unknown key '{key}' in {where} (allowed: {hint})", line=node.line_of(key))
        for key in sorted(required):
            if key not in node or node[key] in (None, "", [], {}):
                self.fail(f"{where} is missing required field '{key}'", node)
        return node

    def text(self, node: Any, key: str, where: str, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}: '{key}' must be non-empty text", line=node.line_of(key))
        return " ".join(value.split())

    def strings(self, node: Any, key: str, where: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"{where}: '{key}' must be a list of non-empty text", line=node.line_of(key))
        for i, v in enumerate(value):
            if isinstance(v, bool):
                self.fail(f"{where}: '{key}' item {i + 1} was read as {v}: quote words like \"off\", \"no\", \"yes\"",
                          line=value.line_of(i))
            if not isinstance(v, str) or not v.strip():
                self.fail(f"{where}: '{key}' item {i + 1} must be non-empty text, got {v!r}", line=value.line_of(i))
        return tuple(" ".join(v.split()) for v in value)

    def choice(self, node: Any, key: str, choices: tuple[str, ...], where: str, default: str | None = None) -> str | None:
        value = node.get(key, default)
        if value is not None and value not in choices:
            self.fail(f"{where}: '{key}' must be one of {', '.join(choices)}, got '{value}'", line=node.line_of(key))
        return value


# --- loading --------------------------------------------------------------------------------

def load_pack(path: Path) -> Pack:
    """Load and validate one pack file."""
    data = load_yaml(path)
    c = _Checker(path)
    if data is None:
        c.fail("rule pack is empty")
    top = c.mapping(data, "rule pack", ["pack", "evidence", "rules"], ["lexicons", "context"])
    meta = c.mapping(top["pack"], "pack", ["id", "title", "version", "indication"], ["description"])
    pack_id = str(meta["id"])
    if not PACK_ID.match(pack_id):
        c.fail(f"pack id '{pack_id}' must be lower-case letters, digits and hyphens", line=meta.line_of("id"))
    pack = Pack(
        id=pack_id,
        title=c.text(meta, "title", "pack"),
        version=str(meta["version"]),
        indication=c.text(meta, "indication", "pack"),
        path=str(path),
        context=top.get("context"),
    )
    _load_evidence(c, top["evidence"], pack)
    _load_lexicons(c, top.get("lexicons") or LineDict(), pack)
    if not isinstance(top["rules"], list):
        c.fail("'rules' must be a list", top["rules"])
    for index, node in enumerate(top["rules"]):
        pack.rules.append(_load_rule(c, node, pack, top["rules"].line_of(index)))
    return pack


def _load_evidence(c: _Checker, node: Any, pack: Pack) -> None:
    if not isinstance(node, list):
        c.fail("'evidence' must be a list", node)
    for entry in node:
        e = c.mapping(entry, "evidence entry", ["id", "tier", "reasoning", "source"], ["references"])
        eid = str(e["id"])
        if eid in pack.evidence:
            c.fail(f"duplicate evidence id '{eid}'", line=e.line_of("id"))
        c.choice(e, "tier", TIERS, f"evidence '{eid}'")
        pack.evidence[eid] = Evidence(
            id=eid,
            tier=e["tier"],
            reasoning=c.text(e, "reasoning", f"evidence '{eid}'"),
            source=c.text(e, "source", f"evidence '{eid}'"),
            references=c.strings(e, "references", f"evidence '{eid}'"),
        )


def _load_lexicons(c: _Checker, node: Any, pack: Pack) -> None:
    if not isinstance(node, dict):
        c.fail("'lexicons' must be a mapping of name to vocabulary", node)
    for name, body in node.items():
        where = f"lexicon '{name}'"
        if not NAME.match(name):
            c.fail(f"{where}: names are lower-case letters, digits and underscores", line=node.line_of(name))
        body = c.mapping(body, where, [], ["terms", "lemmas", "patterns", "description", "derive"])
        if "derive" in body and not isinstance(body["derive"], bool):
            c.fail(f"{where}: 'derive' must be true or false", line=body.line_of("derive"))
        patterns = body.get("patterns", [])
        if not isinstance(patterns, list):
            c.fail(f"{where}: 'patterns' must be a list of spaCy Matcher patterns", line=body.line_of("patterns"))
        check_patterns(patterns, c.path, where)  # regex_guard: no REGEX that can stall a run (packs are untrusted)
        lex = Lexicon(
            key=f"{pack.id}:{name}",
            terms=c.strings(body, "terms", where),
            # `derive: true` adds the word family: "cure" also matches "curative" and "curable"
            lemmas=tuple(dict.fromkeys(form for t in c.strings(body, "lemmas", where)
                                       for form in (t.lower(), *(derived(t) if body.get("derive") else ())))),
            patterns=tuple(_typographic(_plain(p)) for p in patterns),
            path=pack.path,
            line=node.line_of(name),
        )
        if not (lex.terms or lex.lemmas or lex.patterns):
            c.fail(f"{where} is empty: give terms, lemmas or patterns", line=node.line_of(name))
        pack.lexicons[name] = lex


def _resolve(c: _Checker, pack: Pack, ref: Any, line: int, where: str, known: dict[str, Pack]) -> str:
    """A lexicon reference is 'name' (this pack) or 'pack-id:name' (another loaded pack)."""
    if not isinstance(ref, str):
        c.fail(f"{where}: lexicon references are names, got {ref!r}", line=line)
    if ":" in ref:
        other, name = ref.split(":", 1)
        source = pack if other == pack.id else known.get(other)
        if source is None:
            c.fail(f"{where}: unknown pack '{other}' in lexicon reference '{ref}'", line=line)
    else:
        source, name = pack, ref
    if name not in source.lexicons:
        c.fail(f"{where}: unknown lexicon '{ref}'", line=line)
    return source.lexicons[name].key


def _load_rule(c: _Checker, node: Any, pack: Pack, line: int) -> Rule:
    keys = ["id", "title", "category", "evidence", "message", "suggestion", "examples"]
    r = c.mapping(node, "rule", keys, ["match", "page", "severity", "link", "description", "ignore_context"])
    rid = str(r["id"])
    where = f"rule {rid}"
    if ("match" in r) == ("page" in r):
        c.fail(f"{where}: give either 'match' (a claim in a sentence) or 'page' (a check of the whole page)", r)
    if not RULE_ID.match(rid):
        c.fail(f"rule id '{rid}' must be upper-case words joined by hyphens, e.g. MSC-CURE", line=r.line_of("id"))
    if r["evidence"] not in pack.evidence:
        c.fail(f"{where}: unknown evidence id '{r['evidence']}'", line=r.line_of("evidence"))
    ex = c.mapping(r["examples"], f"{where} examples", ["flag", "pass"])
    examples = {}
    for kind in ("flag", "pass"):
        items = ex[kind]
        if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
            c.fail(f"{where}: examples '{kind}' must be a list of text", line=ex.line_of(kind))
        examples[kind] = tuple(Example(str(t), items.line_of(i)) for i, t in enumerate(items))
    return Rule(
        id=rid,
        title=c.text(r, "title", where),
        category=c.text(r, "category", where),
        evidence=pack.evidence[r["evidence"]],
        match=_raw_match(c, r["match"], where) if "match" in r else MatchSpec(),
        page=_raw_page(c, r["page"], where) if "page" in r else None,
        message=c.text(r, "message", where),
        suggestion=c.text(r, "suggestion", where),
        severity=c.choice(r, "severity", SEVERITIES, where),
        link=c.text(r, "link", where, required=False),
        flag_examples=examples["flag"],
        pass_examples=examples["pass"],
        pack=pack.id,
        path=pack.path,
        line=line,
        ignore_context=_statuses(c, r, where),
    )


def _statuses(c: _Checker, r: Any, where: str) -> tuple[str, ...]:
    values = c.strings(r, "ignore_context", where)
    for v in values:
        if v not in STATUSES or v == "asserted":
            c.fail(f"{where}: ignore_context takes statuses ({', '.join(STATUSES[1:])}), got '{v}'",
                   line=r.line_of("ignore_context"))
    return values


def _raw_match(c: _Checker, node: Any, where: str) -> Any:
    """Check the shape of a match block; lexicon names are resolved once all packs are loaded."""
    keys = ["all", "any", "not", "requires", "within", "order", "pattern", "dependency", "quantity", "either", "anchor",
            "frame"]
    m = c.mapping(node, f"{where} match", [], keys)
    check_patterns([m.get("pattern"), m.get("dependency")], c.path, where)  # regex_guard, as for lexicons
    kinds = [k for k in ("all", "any", "pattern", "dependency", "quantity", "either", "frame") if m.get(k)]
    if not kinds:
        c.fail(f"{where}: match needs 'all', 'any', 'either', 'frame', 'pattern', 'dependency' or 'quantity'", m)
    if "frame" in m:
        f = c.mapping(m["frame"], f"{where} frame", ["predicate", "target"], ["actor"])
        for role in ("predicate", "target", "actor"):
            if role in f and (not isinstance(f[role], list) or not f[role]):
                c.fail(f"{where}: frame '{role}' must be a list of lexicon names", line=f.line_of(role))
    if "either" in m:
        if not isinstance(m["either"], list) or not m["either"]:
            c.fail(f"{where}: match 'either' must be a list of match blocks", line=m.line_of("either"))
        for alt in m["either"]:
            _raw_match(c, alt, where)
    for key in ("all", "any", "not", "requires"):
        if key in m and not isinstance(m[key], list):
            c.fail(f"{where}: match '{key}' must be a list of lexicon names", line=m.line_of(key))
    c.choice(m, "within", SCOPES, f"{where} match")
    if "order" in m and not isinstance(m["order"], bool):
        c.fail(f"{where}: match 'order' must be true or false", line=m.line_of("order"))
    if "anchor" in m and m["anchor"] not in [*(m.get("all") or []), *(m.get("any") or [])]:
        c.fail(f"{where}: match 'anchor' must name one of its 'all' or 'any' lexicons", line=m.line_of("anchor"))
    if "quantity" in m:
        _raw_quantity(c, m["quantity"], where)
    return m


PAGE_SCOPES = ("page", "section")


def _raw_page(c: _Checker, node: Any, where: str) -> Any:
    """Check the shape of a page block; lexicon names are resolved once all packs are loaded."""
    p = c.mapping(node, f"{where} page", ["when"], ["requires", "forbids", "within", "prominent"])
    if "prominent" in p and not isinstance(p["prominent"], bool):
        c.fail(f"{where}: page 'prominent' must be true or false", line=p.line_of("prominent"))
    when = c.mapping(p["when"], f"{where} page 'when'", [], ["categories", "rules", "content", "at_least", "page_has"])
    if "at_least" in when and (not isinstance(when["at_least"], int) or isinstance(when["at_least"], bool)
                               or when["at_least"] < 1):
        c.fail(f"{where}: page 'at_least' must be a whole number of 1 or more", line=when.line_of("at_least"))
    if not any(when.get(k) for k in ("categories", "rules", "content")):
        c.fail(f"{where}: page 'when' needs 'categories', 'rules' or 'content'", when)
    for key in ("categories", "rules"):
        c.strings(when, key, f"{where} page 'when'")
    if ("requires" in p) == ("forbids" in p):
        c.fail(f"{where}: a page rule gives either 'requires' (a disclosure the page must hold) or 'forbids'", p)
    for holder, key in ((when, "content"), (when, "page_has"), (p, "requires"), (p, "forbids")):
        if key in holder and (not isinstance(holder[key], list) or not holder[key]):
            c.fail(f"{where}: page '{key}' must be a list of lexicon names", line=holder.line_of(key))
    c.choice(p, "within", PAGE_SCOPES, f"{where} page")
    return p


QUANTITY_LEXICONS = ("measure", "falls", "before", "after", "other")


def _raw_quantity(c: _Checker, node: Any, where: str) -> None:
    if isinstance(node, dict) and "max_reduction" in node:
        c.fail(f"{where}: quantity 'max_reduction' now belongs to each of its 'units' (with 'written', 'readings' and "
               "'baseline'), and 'falls' names the lexicon of words that state a fall", line=node.line_of("max_reduction"))
    q = c.mapping(node, f"{where} quantity", ["measure", "falls", "units"], ["before", "after", "other"])
    if not isinstance(q["units"], list):
        c.fail(f"{where}: quantity 'units' must be a list of units", line=q.line_of("units"))
    for unit in q["units"]:
        u = c.mapping(unit, f"{where} quantity unit", ["unit", "written", "readings", "baseline", "max_reduction"],
                      ["changes", "bare"])
        name = f"{where} unit '{u['unit']}'"
        for key in ("written", "changes"):
            c.strings(u, key, name)
        readings = u["readings"]
        if (not isinstance(readings, list) or len(readings) != 2 or not all(_number(v) for v in readings)
                or readings[0] >= readings[1]):
            c.fail(f"{name}: 'readings' must be [lowest, highest], two numbers", line=u.line_of("readings"))
        for key in ("baseline", "max_reduction"):
            if not _number(u[key]) or u[key] <= 0:
                c.fail(f"{name}: '{key}' must be a positive number", line=u.line_of(key))
        if "bare" in u and not isinstance(u["bare"], bool):
            c.fail(f"{name}: 'bare' must be true or false", line=u.line_of("bare"))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _resolve_quantity(c: _Checker, pack: Pack, q: Any, where: str, known: dict[str, Pack]) -> Quantity:
    refs = {key: _resolve(c, pack, q[key], q.line_of(key), where, known) if q.get(key) else None
            for key in QUANTITY_LEXICONS}
    units = tuple(
        Unit(name=str(u["unit"]), written=c.strings(u, "written", where), changes=c.strings(u, "changes", where),
             readings=(float(u["readings"][0]), float(u["readings"][1])), baseline=float(u["baseline"]),
             max_reduction=float(u["max_reduction"]), bare=u.get("bare", True))
        for u in q["units"])
    return Quantity(units=units, **refs)


def resolve_packs(packs: list[Pack]) -> None:
    """Resolve lexicon references across packs and freeze each rule's match spec."""
    known = {p.id: p for p in packs}
    for pack in packs:
        c = _Checker(Path(pack.path))
        resolved = []
        for rule in pack.rules:
            if rule.page is not None and not isinstance(rule.page, PageSpec):
                rule = replace(rule, page=_resolve_page(c, pack, rule, rule.page, known))
            m = rule.match
            if isinstance(m, MatchSpec):
                resolved.append(rule)
                continue
            spec = _resolve_spec(c, pack, rule, m, known)
            resolved.append(replace(rule, match=spec))
        pack.rules = resolved


def _resolve_spec(c: _Checker, pack: Pack, rule: Rule, m: Any, known: dict[str, Pack]) -> MatchSpec:
    where = f"rule {rule.id}"
    refs = {}
    for key in ("all", "any", "not", "requires"):
        items = m.get(key) or LineList()
        refs[key] = tuple(_resolve(c, pack, ref, items.line_of(i), where, known) for i, ref in enumerate(items))
    quantity = _resolve_quantity(c, pack, m["quantity"], where, known) if m.get("quantity") else None
    for raw in ("pattern", "dependency"):
        if raw in m and not isinstance(m[raw], list):
            c.fail(f"{where}: '{raw}' must be a list of patterns", line=m.line_of(raw))
    return MatchSpec(
        all=refs["all"],
        any=refs["any"],
        not_=refs["not"],
        requires=refs["requires"],
        within=m.get("within", "sentence"),
        order=bool(m.get("order", False)),
        pattern=tuple(_plain(p) for p in m.get("pattern", [])),
        dependency=tuple(_plain(p) for p in m.get("dependency", [])),
        quantity=quantity,
        either=tuple(_resolve_spec(c, pack, rule, alt, known) for alt in m.get("either", [])),
        anchor=_resolve(c, pack, m["anchor"], m.line_of("anchor"), where, known) if m.get("anchor") else None,
        frame=_resolve_frame(c, pack, m["frame"], where, known) if m.get("frame") else None,
    )


def _resolve_page(c: _Checker, pack: Pack, rule: Rule, p: Any, known: dict[str, Pack]) -> PageSpec:
    where = f"rule {rule.id}"
    when = p["when"]

    def refs(holder: Any, key: str) -> tuple[str, ...]:
        items = holder.get(key) or LineList()
        keys = []
        for i, ref in enumerate(items):
            keys.append(_resolve(c, pack, ref, items.line_of(i), where, known))
            if _lexicon(known, pack, keys[-1]).patterns:
                c.fail(f"{where}: page rules read a lexicon's terms and lemmas; '{ref}' has patterns",
                       line=items.line_of(i))
        return tuple(keys)

    return PageSpec(categories=c.strings(when, "categories", where), rules=c.strings(when, "rules", where),
                    content=refs(when, "content"), at_least=when.get("at_least", 1), page_has=refs(when, "page_has"),
                    requires=refs(p, "requires"), forbids=refs(p, "forbids"), within=p.get("within", "page"),
                    prominent=p.get("prominent", False))


def _lexicon(known: dict[str, Pack], pack: Pack, key: str) -> Lexicon:
    owner, name = key.split(":", 1)
    return (known.get(owner) or pack).lexicons[name]


def _resolve_frame(c: _Checker, pack: Pack, f: Any, where: str, known: dict[str, Pack]) -> Frame:
    def refs(role: str) -> tuple[str, ...]:
        items = f.get(role) or LineList()
        return tuple(_resolve(c, pack, ref, items.line_of(i), where, known) for i, ref in enumerate(items))

    return Frame(predicate=refs("predicate"), target=refs("target"), actor=refs("actor"))


def _plain(node: Any) -> Any:
    """Strip line-tracking subclasses so spaCy sees plain dicts, lists and strings."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


TEXT_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM")


def _typographic(pattern: list) -> list:
    """A Matcher pattern whose literal words with a straight apostrophe also match the curly one."""
    out = []
    for token in pattern:
        if isinstance(token, dict):
            token = {k: _both_forms(v) if k in TEXT_ATTRS else v for k, v in token.items()}
        out.append(token)
    return out


def _both_forms(value: Any) -> Any:
    def forms(word: str) -> list[str]:  # web copy prints "don’t": a pattern written with "n't" matches both
        return [word, word.replace("'", "\u2019")] if "'" in word else [word]

    if isinstance(value, str) and forms(value)[1:]:
        return {"IN": forms(value)}
    if isinstance(value, dict):
        return {k: list(dict.fromkeys(f for v in vs for f in (forms(v) if isinstance(v, str) else [v])))
                if k in ("IN", "NOT_IN") and isinstance(vs, list) else vs for k, vs in value.items()}
    return value


def load_packs(extra: Iterable[Path] = (), builtin: bool = True) -> list[Pack]:
    """Load built-in packs plus any user packs, checking ids are unique across all of them."""
    files = pack_sources(extra, builtin)
    packs: list[Pack] = []
    seen_rules: dict[str, str] = {}
    seen_packs: dict[str, str] = {}
    for path in files:
        pack = load_pack(path)
        if pack.id in seen_packs:
            raise PackError(f"duplicate pack id '{pack.id}' (also in {seen_packs[pack.id]})", path, 1)
        seen_packs[pack.id] = pack.path
        for rule in pack.rules:
            if rule.id in seen_rules:
                raise PackError(f"duplicate rule id '{rule.id}' (also in {seen_rules[rule.id]})", path, rule.line)
            seen_rules[rule.id] = f"{pack.path}:{rule.line}"
        packs.append(pack)
    resolve_packs(packs)
    return packs
