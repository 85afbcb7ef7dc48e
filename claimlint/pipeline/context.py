"""Pipeline stage 2: decide how each claim is stated (asserted, hedged, negated, ...).

A ConText-style reading: cue phrases from ``data/context.yaml`` (and packs) have a
direction and a scope that stops at terminators; pseudo-cues cancel look-alikes;
negation the parser attaches to a verb is scoped through the dependency tree;
headings and lead-ins ending in ':' pass their stance to what they introduce.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import PackError
from ..packs.ruleset import RuleSet
from ..packs.yamlsource import load_yaml
from .claims import Claim, doc_blocks, doc_claims
from .vocabulary import phrase_docs, term_variants

# When several cues reach one claim, the strongest reading wins.
PRIORITY = ("disclaimed", "negated", "attributed", "other-subject", "hypothetical", "question", "hedged")
CATEGORIES = ("negated", "disclaimed", "attributed", "hedged", "hypothetical", "other-subject")
DIRECTIONS = ("forward", "backward", "both")
LISTS = ("pseudo", "terminate", "endorse", "affirm", "deny", "rhetorical", "other_subjects", "therapy_terms", "reporters",
         "saying_verbs", "saying_nouns", "first_person", "testimonial_voice", "disclaiming_verbs", "own_publication",
         "interviewer_roles")
WORD_LISTS = ("rhetorical", "saying_verbs", "saying_nouns", "first_person", "testimonial_voice", "disclaiming_verbs", "affirm", "deny",
              "interviewer_roles", "own_publication")  # compared as words, not matched
DEFAULT_CUES = Path(__file__).parent.parent / "data" / "context.yaml"
VOICE_KEY = ("claimlint", "voice")  # Doc.user_data: the whole document's Voice, when the Doc is one window of it
# A speaker's turn in a transcript: "SALESPERSON (HIDDEN CAMERA): ...", "DR. HELEN OKAFOR: ..."
SPEAKER = re.compile(r"^\s*([A-Z][A-Z0-9 .'’-]{1,40}?)\s*(\([^)\n]{1,40}\))?\s*:\s")
ANSWERED_YES = "answered-yes"


@dataclass
class Cues:
    scope: int = 10
    directional: list[tuple[str, str, str, int]] = field(default_factory=list)  # phrase, category, direction, scope
    lists: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in LISTS})

    def extend(self, node: Any, path: str) -> None:
        """Add cues from a context mapping (the default file or a pack's `context:`)."""
        if not isinstance(node, dict):
            raise PackError("context must be a mapping", path, getattr(node, "line", None))
        for key, value in node.items():
            line = node.line_of(key) if hasattr(node, "line_of") else None
            if key == "scope":
                if not isinstance(value, int) or value < 1:
                    raise PackError("context 'scope' must be a positive whole number", path, line)
                self.scope = value
            elif key in CATEGORIES:
                if not isinstance(value, dict):
                    raise PackError(f"context '{key}' must map directions to phrases", path, line)
                for direction, phrases in value.items():
                    dline = value.line_of(direction) if hasattr(value, "line_of") else line
                    if direction not in DIRECTIONS:
                        raise PackError(f"context '{key}': unknown direction '{direction}' (use {', '.join(DIRECTIONS)})", path, dline)
                    for phrase, scope in _phrases(phrases, path, dline, self.scope):
                        self.directional.append((phrase, key, direction, scope))
            elif key in LISTS:
                self.lists[key].extend(p for p, _ in _phrases(value, path, line, self.scope))
            else:
                allowed = ", ".join(("scope",) + CATEGORIES + LISTS)
                raise PackError(f"unknown key '{key}' in context (allowed: {allowed})", path, line)


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


# Clause links that start a separate assertion: a cue in one clause does not reach these.
SEPARATE_CLAUSES = {"conj", "advcl", "parataxis"}


# Verb forms that only modify another word ("emerging research", "may improve").
MODIFIER_DEPS = {"amod", "aux", "auxpass", "compound", "npadvmod", "advmod", "neg", "det"}


def _verb_of(token):
    """The verb heading the clause a word sits in."""
    while (token.pos_ not in ("VERB", "AUX") or token.dep_ in MODIFIER_DEPS) and token.head.i != token.i:
        token = token.head
    return token


def _rules_over(verb, token) -> bool:
    """True when ``verb`` governs ``token`` without crossing into a coordinated or adverbial clause."""
    while True:
        if token == verb:
            return True
        if token.head.i == token.i:
            return False
        if token.dep_ in SEPARATE_CLAUSES and token.pos_ in ("VERB", "AUX") and _own_clause(token):
            return False
        token = token.head


SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


def _phrase_of(noun) -> set:
    """A noun and its modifiers, without the nouns coordinated with it."""
    out, stack = {noun}, [c for c in noun.children if c.dep_ not in ("conj", "cc")]
    while stack:
        token = stack.pop()
        out.add(token)
        stack.extend(token.children)
    return out


CAUSATIVES = {"help", "allow", "let", "enable", "make", "get"}


def _subjects_of(verb) -> list:
    """The actors of a verb, climbing through 'are able to come off', 'and then ...', and through
    causatives: in 'physiotherapy can help people avoid surgery' physiotherapy acts too."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        head = verb.head
        if head.i != verb.i and verb.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in CAUSATIVES:
            subjects += [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects or verb.dep_ not in ("xcomp", "acomp", "conj", "advcl", "oprd") or head.i == verb.i:
            return subjects
        verb = head
    return []


QUOTES = {"“": "”", '"': '"', "«": "»"}


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """Positions of matching quotation marks in a sentence. A quotation still open at the end runs to
    the end: the parser often leaves a closing mark after 'weekend."' to the next sentence."""
    pairs, i = [], 0
    while i < len(text):
        close = QUOTES.get(text[i])
        if close:
            j = text.find(close, i + 1)
            if j == -1:
                pairs.append((i, len(text)))
                break
            pairs.append((i, j))
            i = j + 1
        else:
            i += 1
    return pairs


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w/'-]+", text)}


def _own_clause(token) -> bool:
    """A coordinated or adverbial verb starts its own assertion unless it shares the head's subject
    ("can cure X or regrow Y") or is an infinitive complement ("not been shown ... to regenerate")."""
    if token.dep_ == "conj":
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
    if token.dep_ == "advcl":
        return not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return True


@lru_cache(maxsize=1)
def _default_node() -> Any:
    return load_yaml(DEFAULT_CUES)


def load_cues(ruleset: RuleSet) -> Cues:
    cues = Cues()
    cues.extend(_default_node(), str(DEFAULT_CUES))
    for pack in ruleset.packs:
        if pack.context is not None:
            cues.extend(pack.context, pack.path)
    return cues


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    category: str
    direction: str
    scope: int
    text: str


def _phrase_docs(nlp, phrases: list[str]) -> list:
    """Cue phrases with the same hyphen/space and plural variants rule vocabulary gets."""
    return phrase_docs(nlp.vocab, nlp.tokenizer, sorted({v for p in phrases for v in term_variants(p)}))


@dataclass(frozen=True)
class Voice:
    """Who speaks in a whole document: a press release is the advertiser speaking through everyone it quotes;
    in a broadcast transcript, the journalists' speaker labels (the other speakers are reported)."""

    own_publication: bool = False
    interviewers: frozenset[str] = frozenset()


class ContextAnalyzer:
    """Stage 2 component: sets ``status`` and ``cue`` on every claim."""

    def __init__(self, nlp, ruleset: RuleSet) -> None:
        self.cues = load_cues(ruleset)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.meta: dict[str, tuple[str, str, int]] = {}
        groups: dict[tuple[str, str, int], list[str]] = {}
        for phrase, category, direction, scope in self.cues.directional:
            groups.setdefault((category, direction, scope), []).append(phrase)
        for (category, direction, scope), phrases in groups.items():
            label = f"cue|{category}|{direction}|{scope}"
            self.meta[label] = (category, direction, scope)
            self.matcher.add(label, _phrase_docs(nlp, phrases))
        for name in LISTS:
            if name not in WORD_LISTS and self.cues.lists[name]:
                self.matcher.add(name, _phrase_docs(nlp, self.cues.lists[name]))

    def voice(self, text: str, blocks) -> Voice:
        """Read from the whole document, so a window of a long one reads it the same way (readers/windows.py)."""
        lists, lowered = self.cues.lists, text.lower()
        if any(re.search(rf"(?<!\w){re.escape(p.lower())}(?!\w)", lowered) for p in lists["own_publication"]):
            return Voice(own_publication=True)
        roles = set(lists["interviewer_roles"])
        labels = (SPEAKER.match(text[b.start:b.end]) for b in blocks)
        return Voice(interviewers=frozenset(m.group(0).strip() for m in labels if m and roles & _words(m.group(0))))

    def __call__(self, doc: Doc) -> Doc:
        claims = doc_claims(doc)
        if not claims:
            return doc
        reading = _Reading(doc, self)
        for claim in claims:
            claim.status, claim.cue = reading.status(claim)
        return doc


class _Reading:
    """Cue matches for one document, computed once and shared by its claims."""

    def __init__(self, doc: Doc, analyzer: ContextAnalyzer) -> None:
        self.doc = doc
        self.analyzer = analyzer
        self.cues: list[Cue] = []
        self.marks: dict[str, list[tuple[int, int]]] = {name: [] for name in LISTS}
        strings = doc.vocab.strings
        for match_id, start, end in analyzer.matcher(doc):
            label = strings[match_id]
            if label in analyzer.meta:
                category, direction, scope = analyzer.meta[label]
                self.cues.append(Cue(start, end, category, direction, scope, doc[start:end].text))
            else:
                self.marks[label].append((start, end))
        pseudo = self.marks["pseudo"]
        self.cues = [c for c in self.cues if not any(ps < c.end and c.start < pe for ps, pe in pseudo)]
        self.pseudo = {t for s, e in pseudo for t in range(s, e)}  # "That said, ..." is no saying verb either
        self.terminators = {t for s, e in self.marks["terminate"] for t in range(s, e)}
        self.terminators |= {t.i for t in doc if t.text == "-" and t.i > 0 and doc[t.i - 1].whitespace_ and t.whitespace_}
        self.blocks = doc_blocks(doc)
        self.voice: Voice = doc.user_data.get(VOICE_KEY) or analyzer.voice(doc.text, self.blocks)
        # A press release is the advertiser speaking: the people it quotes (its director, its patients) speak for it.
        self.own_publication = self.voice.own_publication
        self.block_starts = [b.start for b in self.blocks]
        self._stances: dict[tuple, list[str]] = {}

    # --- the decision ---------------------------------------------------------------------

    def status(self, claim: Claim) -> tuple[str, str | None]:
        found: dict[str, str] = {}
        sentence = self.doc[claim.start].sent
        for category, text in self._structure(claim, sentence):
            found.setdefault(category, text)
        for cue in self._sentence_cues(claim, sentence):
            category = cue.category
            if category == "negated" and self._before_colon(cue, claim, sentence):
                category = "disclaimed"
            found.setdefault(category, cue.text)
        reporter = self._reported(claim) or self._set_in(claim) or self._quoted(claim, sentence) or self._speaker(claim)
        if reporter and self._contains(sentence, "endorse"):
            reporter = None  # "The clinic says the cells regrow nerves, and I believe them."
        if reporter:
            found.setdefault("attributed", reporter)
        verdict = self._followed_by_verdict(claim)
        if verdict:
            found.setdefault("disclaimed", verdict)
        subject = self._other_subject(claim, sentence)
        if subject:
            found.setdefault("other-subject", subject)
        question = self._question(claim, sentence)
        if question == ANSWERED_YES:
            found.pop("hedged", None)  # "Can stem cells ...? Yes." - the modal belongs to the question
        elif question:
            found.setdefault(*question)
        for status in PRIORITY:
            if status in found and status not in claim.rule.ignore_context:
                return status, found[status]
        return "asserted", None

    def _structure(self, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        """Stance passed down by the section heading and by the lead-in before a list or paragraph."""
        block_index = self._block_of(sentence.start_char)
        if block_index is None:
            return
        block = self.blocks[block_index]
        if block.heading is not None:
            heading = self._span(self.blocks[block.heading])
            if heading is not None:
                for category in self._stance(heading, strong_only=True):
                    yield category, heading.text.strip()
        if block.lead_in is not None:
            lead_block = self._span(self.blocks[block.lead_in])
            if lead_block is not None:
                lead = list(lead_block.sents)[-1]
                for category in self._stance(lead):
                    yield category, lead.text.strip()

    def _stance(self, span: Span, strong_only: bool = False, verbs: bool = True) -> list[str]:
        """What a heading (strong_only) or a lead-in says about what follows it. With ``verbs``, a heading
        whose negation attaches to a disclaiming verb ("Things stem cells do not do") disclaims too.
        Cached: every claim under one heading or lead-in asks the same question."""
        key = (span.start, span.end, strong_only, verbs)
        if key not in self._stances:
            self._stances[key] = self._read_stance(span, strong_only, verbs)
        return self._stances[key]

    def _read_stance(self, span: Span, strong_only: bool, verbs: bool) -> list[str]:
        out = []
        denying = set(self.analyzer.cues.lists["disclaiming_verbs"])
        for cue in self.cues:
            if span.start <= cue.start and cue.end <= span.end:
                if cue.category == "disclaimed" or cue.category == "negated" and (
                        not strong_only or verbs and self.doc[cue.start].head.lemma_.lower() in denying):
                    out.append("disclaimed")
                elif cue.category == "attributed" or not strong_only:
                    out.append(cue.category)
        if not strong_only and self._reports(span):
            out.append("attributed")
        return out

    def _reports(self, span: Span) -> bool:
        """A lead-in that introduces what others say: 'Their websites make similar promises:'."""
        lists = self.analyzer.cues.lists
        reporters = {t for s, e in self.marks["reporters"] for t in range(s, e)}
        saying = set(lists["saying_verbs"]) | set(lists["saying_nouns"])
        first_person = set(lists["first_person"])
        has_reporter = any(t.i in reporters and not (t.i > 0 and self.doc[t.i - 1].lower_ in first_person) for t in span)
        return has_reporter and any(t.lemma_.lower() in saying for t in span)

    def _sentence_cues(self, claim: Claim, sentence: Span) -> Iterable[Cue]:
        for cue in self.cues:
            if not (sentence.start <= cue.start < sentence.end):
                continue
            if any(t in claim.hits for t in range(cue.start, cue.end)):
                continue  # part of the claim's own wording ("no more injections")
            if self._governs(cue, claim, sentence):
                yield cue

    def _governs(self, cue: Cue, claim: Claim, sentence: Span) -> bool:
        """Does the cue reach the claim? Through the parse, or by distance within its scope."""
        doc = self.doc
        hits = sorted(claim.hits) or list(range(claim.start, claim.end))
        first, last = hits[0], hits[-1]
        if cue.end <= first:
            gap = (cue.end, first)
        elif cue.start > last:
            gap = (last + 1, cue.start)
        else:
            gap = (cue.end, cue.end)  # the cue sits inside the claim ("cells do not become ...")
        if cue.direction == "forward" and cue.start > last or cue.direction == "backward" and cue.end <= first:
            return False
        if self._before_colon(cue, claim, sentence):
            return True
        if self._terminated(*gap):
            return False
        word = doc[cue.start]
        if cue.category == "negated" and cue.end - cue.start == 1 and word.dep_ == "det" and word.head.dep_ not in SUBJECTS:
            # "with no downtime and no side effects": a determiner negates its own noun phrase only.
            return any(doc[h] in _phrase_of(word.head) for h in hits)
        verb = _verb_of(word)
        governed = any(_rules_over(verb, doc[h]) for h in hits)
        if cue.category == "negated" and cue.end - cue.start == 1 and word.dep_ == "neg":
            # A negation the parser attached to a verb scopes over what that verb governs.
            # Pseudo-cleft: "What the research does not show is that these cells regenerate ...".
            cleft = verb.dep_ == "csubj" and any(_rules_over(verb.head, doc[h]) for h in hits)
            return governed or cleft or 0 <= first - cue.end <= 1
        if first < cue.start and cue.end <= last:
            # A cue inside the claim ("anyone can benefit, even if you have had diabetes for decades")
            # must govern the claim's head, not just a word at its end.
            return _rules_over(verb, doc[first])
        return governed or gap[1] - gap[0] <= cue.scope

    def _terminated(self, start: int, end: int) -> bool:
        return any(t in self.terminators for t in range(start, end))

    def _before_colon(self, cue: Cue, claim: Claim, sentence: Span) -> bool:
        """'What is not supported: cure, ...' - a cue before a colon covers the list after it, when it
        belongs to the lead-in's main clause (not 'goes where medication can't: straight to ...')."""
        colons = [t.i for t in sentence if t.text == ":" and cue.end <= t.i < claim.start]
        if not colons or self._terminated(cue.end, colons[0]):
            return False
        return _verb_of(self.doc[cue.start]).dep_ not in ("relcl", "advcl", "acl")

    def _reported(self, claim: Claim) -> str | None:
        """'Some clinics claim that ...': a third party's saying verb governs the claim."""
        doc = self.doc
        saying = set(self.analyzer.cues.lists["saying_verbs"])
        reporters = {t for s, e in self.marks["reporters"] for t in range(s, e)}
        first_person = set(self.analyzer.cues.lists["first_person"])
        for h in sorted(claim.hits):
            for verb in doc[h].ancestors:
                if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in saying or verb.i in self.pseudo:
                    continue
                actors = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
                if not actors and verb.dep_ in ("advcl", "xcomp", "conj"):
                    # "Some clinics charge extra, claiming that ...": the participle shares its head's subject
                    actors = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if verb.dep_ in ("acl", "relcl"):
                    actors.append(verb.head)  # "any clinic implying ...", "clinics that promise ..."
                if not actors and verb.dep_ == "ROOT":
                    # "- advertised its infusions as a cure" under "The complaint alleges that the clinic:": the
                    # list item's saying verb takes its subject from the lead-in
                    lead = self._lead_reporter(claim)
                    if lead:
                        return f"{lead} {verb.text}"
                for actor in actors:
                    # The actor's head word decides: "some clinics", "the clinic's brochure", not "one mother".
                    words = [t for t in actor.subtree if t.i <= actor.i]
                    # "we say", "our website says" are the copy's own voice; "my neighbour swears" is not.
                    own_voice = actor.lower_ in first_person or any(t.lower_ in ("our", "we") for t in words) \
                        or self.own_publication and actor.pos_ in ("PROPN", "PRON")
                    if actor.i in reporters and not own_voice \
                            and not self._terminated(min(verb.i, h), max(verb.i, h)):
                        return f"{doc[min(t.i for t in words):actor.i + 1].text} {verb.text}"
                break  # only the nearest saying verb decides
        return None

    def _lead_reporter(self, claim: Claim) -> str | None:
        """The third party a claim's lead-in names ("the clinic" in "The complaint says the clinic:")."""
        index = self._block_of(self.doc[claim.start].idx)
        lead = self.blocks[index].lead_in if index is not None else None
        span = self._span(self.blocks[lead]) if lead is not None else None
        if span is None:
            return None
        first_person = set(self.analyzer.cues.lists["first_person"])
        reporters = [t for s, e in self.marks["reporters"] for t in self.doc[s:e] if span.start <= s < span.end]
        if not reporters or any(t.lower_ in first_person for t in span):
            return None
        return reporters[-1].text

    def _set_in(self, claim: Claim) -> str | None:
        """'The cells, he said, would regrow ...': a saying clause set into the claim's own clause reports
        it, unless the claim is the copy's or the speaker's own story ('I am off insulin, she says')."""
        if self.own_publication:
            return None
        lists = self.analyzer.cues.lists
        saying, first_person = set(lists["saying_verbs"]), set(lists["first_person"])
        verb = _verb_of(self.doc[min(claim.hits, default=claim.start)])
        if any(s.lower_ in first_person for s in _subjects_of(verb)):
            return None
        for child in verb.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in saying and child.i not in self.pseudo:
                speakers = [c for c in child.children if c.dep_ == "nsubj"]
                if speakers and not any(t.lower_ in first_person for s in speakers for t in s.subtree):
                    return f"{speakers[0].text} {child.text}"
        return None

    def _quoted(self, claim: Claim, sentence: Span) -> str | None:
        """A claim inside quotation marks within a longer sentence is being quoted, not made; so is a
        sentence that is all quotation under a heading or lead-in about what others claim ("Claims we
        have seen" over a list of quoted slogans).

        First-person quotes are testimonials ("I'm off insulin!"), which the copy does make.
        """
        if self.own_publication:
            return None
        text, base = sentence.text, sentence.start_char
        voice = set(self.analyzer.cues.lists["testimonial_voice"])
        starts = [self.doc[h].idx - base for h in claim.hits]
        for open_at, close_at in _quote_pairs(text):
            if any(open_at < at < close_at for at in starts):
                inside = text[open_at + 1:close_at]
                outside = text[:open_at] + text[close_at + 1:]
                words_inside = {w.lower() for w in re.findall(r"[\w']+", inside)}
                if not words_inside & voice and (sum(ch.isalpha() for ch in outside) >= 12
                                                 or self._labelled(outside)
                                                 or self._introduces_quotes(sentence)):
                    return text[open_at:close_at + 1]
        return None

    def _labelled(self, outside: str) -> bool:
        """A quotation labelled as someone's claim ('Claim 1: "..."', 'The promise: "..."'), not in the
        copy's own voice ('Our promise: "..."')."""
        lists = self.analyzer.cues.lists
        words = _words(outside)
        nouns = {form for n in lists["saying_nouns"] for form in (n, n + "s")}
        return bool(words & nouns) and not words & set(lists["first_person"])

    def _introduces_quotes(self, sentence: Span) -> bool:
        """The sentence's heading or lead-in names what others say ("Claims we have seen", "Typical
        slogans:") in a voice other than the copy's own ("Our promise" is the clinic speaking)."""
        index = self._block_of(sentence.start_char)
        if index is None:
            return False
        lists = self.analyzer.cues.lists
        saying = set(lists["saying_nouns"])  # not verbs: "What patients say" heads a clinic's own testimonials
        own = set(lists["first_person"]) - {"we"}  # "claims we have seen": the copy reporting, not claiming
        block = self.blocks[index]
        for other in (block.heading, block.lead_in):
            span = self._span(self.blocks[other]) if other is not None else None
            if span is not None and any(t.lemma_.lower() in saying and t.pos_ == "NOUN" for t in span) \
                    and not any(t.lower_ in own for t in span):
                return True
        return False

    def _followed_by_verdict(self, claim: Claim) -> str | None:
        """A heading or table cell is read with what follows it: 'Coming off medication | Not a realistic goal'."""
        index = self._block_of(self.doc[claim.start].idx)
        if index is None or index + 1 >= len(self.blocks):
            return None
        block, after = self.blocks[index], self.blocks[index + 1]
        if block.kind not in ("heading", "cell") or (block.kind == "cell" and after.kind != "cell"):
            return None
        span = self._span(after)
        if span is None:
            return None
        opening = list(span.sents)[0]
        # A short cell verdict may negate anywhere ("Not a realistic goal"); a section body must open with a
        # denial or carry a strong disclaimer, since body copy is full of incidental negations.
        if "disclaimed" in self._stance(opening, strong_only=block.kind == "heading", verbs=False) \
                or self._starts_with(opening, "deny") and not self._starts_with(opening, "pseudo"):
            return opening.text.strip()
        return None

    def _contains(self, span: Span, name: str) -> bool:
        return any(span.start <= s < span.end for s, _ in self.marks[name])

    def _starts_with(self, span: Span, name: str) -> bool:
        return self._opens_with(span.text, name)

    def _opens_with(self, text: str, name: str) -> bool:
        opening = text.strip().lower()
        return any(opening.startswith(p) and not opening[len(p):len(p) + 1].isalpha()
                   for p in self.analyzer.cues.lists[name])

    def _other_subject(self, claim: Claim, sentence: Span) -> str | None:
        """The claim's actor is diet, surgery, a drug... rather than the therapy."""
        others = [(s, e) for s, e in self.marks["other_subjects"] if sentence.start <= s < sentence.end]
        if not others:
            return None
        therapy = {t for s, e in self.marks["therapy_terms"] for t in range(s, e)}
        other_tokens = {t for s, e in others for t in range(s, e) if t not in claim.hits}
        doc = self.doc
        for h in sorted(claim.hits):
            token = doc[h]
            verb = token
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            for subject in _subjects_of(verb):
                words = {t.i for t in subject.subtree}
                if words & other_tokens and not words & therapy:
                    return doc[min(words):max(words) + 1].text
            # "remission through diet", "reversal with weight loss"
            for anchor in [token, *token.ancestors]:
                for child in anchor.children:
                    if child.dep_ == "prep" and child.lower_ in ("through", "with", "by", "via", "after", "from"):
                        words = {t.i for t in child.subtree}
                        if words & other_tokens and not words & claim.hits and not therapy & set(range(sentence.start, sentence.end)):
                            return doc[min(words):max(words) + 1].text
                if anchor == verb:
                    break
        return None

    def _question(self, claim: Claim, sentence: Span) -> tuple[str, str] | str | None:
        """A question plants a claim unless its answer settles it: 'Yes' asserts, 'No' denies."""
        if not sentence.text.rstrip().rstrip("\"'”’)").endswith("?"):
            return None
        if any(self._opens_with(part, "rhetorical") for part in re.split(r"[:;,]\s+", sentence.text)):
            return None  # "Why go under the knife when ...?", "Ask yourself: why keep ...?" assert what they ask
        answer = self._next_sentence(sentence)
        if answer is not None:
            if self._starts_with(answer, "deny"):
                return "negated", answer.text.strip()
            if self._starts_with(answer, "affirm"):
                return ANSWERED_YES
        return "question", sentence.text.strip()

    def _next_sentence(self, sentence: Span) -> Span | None:
        for candidate in self.doc[sentence.end:].sents if sentence.end < len(self.doc) else []:
            if candidate.text.strip():
                return candidate
        return None

    def _speaker(self, claim: Claim) -> str | None:
        """In a transcript that has a reporter, anchor or interviewer, what the other speakers say is theirs:
        'SALESPERSON (HIDDEN CAMERA): most of our diabetics come off insulin' is reported, not asserted."""
        if not self.voice.interviewers:
            return None
        index = self._block_of(self.doc[claim.start].idx)
        block = self.blocks[index] if index is not None else None
        label = SPEAKER.match(self.doc.text[block.start:block.end]) if block is not None else None
        if label is None or label.group(0).strip() in self.voice.interviewers:
            return None
        return label.group(0).strip()

    def _block_of(self, char: int) -> int | None:
        
        i = bisect.bisect_right(self.block_starts, char) - 1
        return i if i >= 0 else None

    def _span(self, block) -> Span | None:
        return self.doc.char_span(block.start, block.end, alignment_mode="expand")
