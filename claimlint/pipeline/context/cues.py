"""The context vocabulary: cue phrases and word lists from ``data/context.yaml`` and from packs.

The file has one section per detector (``negation:``, ``attribution:``, ...). A section holds directional
cue lists under a status name (``negated: {forward: [...], backward: [...], both: [...]}``), word lists, and
a few settings. Packs extend the same sections under their ``context:`` key; for packs written before
the sections existed, a list or status at the top level still works.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ...errors import PackError
from ...packs import compiled
from ...packs.ruleset import RuleSet
from ...packs.yamlsource import load_yaml

DEFAULT_CUES = Path(__file__).parent.parent.parent / "data" / "context.yaml"
DIRECTIONS = ("forward", "backward", "both")
# Statuses whose cues are phrases with a direction and a scope (ConText's triggers).
CATEGORIES = ("negated", "disclaimed", "attributed", "hedged", "hypothetical", "limited", "other-subject", "research")
# Word lists, by the detector section that owns them.
SECTIONS: dict[str, tuple[str, ...]] = {
    "shared": ("terminate", "pseudo"),
    "negation": ("negation_undone", "pending_marks"),
    "disclaimer": ("disclaiming_verbs", "heading_topic"),
    "attribution": ("reporters", "saying_verbs", "saying_nouns", "endorse", "first_person", "own_voice", "people",
                    "studies", "finding_verbs", "selling_verbs", "claiming_verbs", "framing_verbs", "unnamed",
                    "counting_nouns", "own_therapies", "aspiration_nouns"),
    "quotation": ("testimonial_voice", "quote_marks"),
    "voice": ("own_publication", "interviewer_roles", "promotion", "reporting", "narrator", "critical"),
    "hedge": (),
    "hypothesis": (),
    "limitation": (),
    "research": ("research_actors", "research_groups", "research_aims", "research_views", "looking_ahead",
                 "future_therapies", "future_markers", "trial_markers", "participants", "lab_verbs", "tentative"),
    "other_subject": ("other_subjects", "therapy_terms", "causatives", "means", "interventions", "generic_treatments",
                      "other_kinds", "own_biology", "organisation_heads", "organisation_markers", "deliveries"),
    "question": ("affirm", "deny", "rhetorical", "interrogatives"),
    # read by the claims stage's frames (pipeline/frames.py), not by a context detector
    "frames": ("standins", "relatives", "passive_means", "instrument_verbs", "ability_nouns"),
}
LISTS = tuple(name for names in SECTIONS.values() for name in names)
# Compared as words or characters, never matched as phrases in the text.
WORD_LISTS = ("rhetorical", "saying_verbs", "saying_nouns", "first_person", "testimonial_voice", "disclaiming_verbs",
              "affirm", "deny", "interviewer_roles", "own_publication", "own_voice", "quote_marks", "causatives",
              "means", "promotion", "reporting", "narrator", "critical", "people", "interventions", "interrogatives",
              "studies", "finding_verbs", "generic_treatments", "other_kinds", "research_actors",
              "research_aims", "research_views", "looking_ahead", "heading_topic", "own_biology", "future_therapies",
              "future_markers", "trial_markers", "research_groups", "standins", "relatives", "passive_means",
              "instrument_verbs", "selling_verbs", "claiming_verbs", "organisation_heads", "deliveries", "unnamed",
              "counting_nouns", "own_therapies", "participants", "organisation_markers", "lab_verbs", "pending_marks",
              "framing_verbs", "tentative", "aspiration_nouns", "ability_nouns")
# Settings only the built-in file may give (a regular expression is not a pack's to set).
SETTINGS = ("speaker_label",)


@dataclass
class Cues:
    scope: int = 10
    directional: list[tuple[str, str, str, int]] = field(default_factory=list)  # phrase, category, direction, scope
    lists: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in LISTS})
    settings: dict[str, str] = field(default_factory=dict)
    # each word list as a set, built once: the detectors ask for them for every claim
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def extend(self, node: Any, path: str, builtin: bool = False, in_section: bool = False) -> None:
        """Add cues from a context mapping (the default file or a pack's `context:`), or from one of its sections."""
        self._sets.clear()
        if not isinstance(node, dict):
            raise PackError("context must be a mapping", path, getattr(node, "line", None))
        for key, value in node.items():
            line = node.line_of(key) if hasattr(node, "line_of") else None
            if key in SECTIONS and not in_section:
                self.extend(value, path, builtin, in_section=True)
            elif key == "scope":
                if not isinstance(value, int) or value < 1:
                    raise PackError("context 'scope' must be a positive whole number", path, line)
                self.scope = value
            elif key in CATEGORIES:
                self._directional(key, value, path, line)
            elif key in LISTS:
                self.lists[key].extend(p for p, _ in _phrases(value, path, line, self.scope))
            elif key in SETTINGS and builtin:
                self.settings[key] = str(value)
            else:
                allowed = ", ".join(("scope",) + tuple(SECTIONS) + CATEGORIES + LISTS)
                raise PackError(f"unknown key '{key}' in context (allowed: {allowed})", path, line)

    def _directional(self, key: str, value: Any, path: str, line: int | None) -> None:
        if not isinstance(value, dict):
            raise PackError(f"context '{key}' must map directions to phrases", path, line)
        for direction, phrases in value.items():
            dline = value.line_of(direction) if hasattr(value, "line_of") else line
            if direction not in DIRECTIONS:
                raise PackError(f"context '{key}': unknown direction '{direction}' (use {', '.join(DIRECTIONS)})", path, dline)
            for phrase, scope in _phrases(phrases, path, dline, self.scope):
                self.directional.append((phrase, key, direction, scope))

    def words(self, name: str) -> frozenset[str]:
        found = self._sets.get(name)
        if found is None:
            found = self._sets[name] = frozenset(self.lists[name])
        return found


def _phrases(value: Any, path: str, line: int | None, scope: int) -> Iterable[tuple[str, int]]:
    if not isinstance(value, list):
        raise PackError("context cues must be a list", path, line)
    for item in value:
        if isinstance(item, str) and item.strip():
            yield item.strip().lower(), scope
        elif isinstance(item, dict) and isinstance(item.get("phrase"), str) and set(item) <= {"phrase", "scope"}:
            yield item["phrase"].strip().lower(), int(item.get("scope", scope))
        else:
            raise PackError(f"invalid context cue {item!r}: give a phrase or {{phrase, scope}}", path, getattr(item, "line", line))


@lru_cache(maxsize=1)
def _default_node() -> Any:
    return compiled.remember(["data", DEFAULT_CUES.name], lambda: load_yaml(DEFAULT_CUES), dict)


def load_cues(ruleset: RuleSet) -> Cues:
    cues = Cues()
    cues.extend(_default_node(), str(DEFAULT_CUES), builtin=True)
    for pack in ruleset.packs:
        if pack.context is not None:
            cues.extend(pack.context, pack.path)
    return cues


@dataclass(frozen=True)
class Cue:
    """One cue phrase found in a document."""

    start: int
    end: int
    category: str
    direction: str
    scope: int
    text: str


def words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w/'-]+", text)}
