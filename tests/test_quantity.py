"""Stated falls of a measured quantity (pipeline/quantity.py): the measure, its units, plausible readings, baseline,
bound and the words of a fall are pack data; readings compared within a sentence, across the sentences of a
paragraph, in labelled cells and by a table's before/after columns; glucose in mg/dL and mmol/L."""
from __future__ import annotations

import textwrap

import pytest

from claimlint.errors import PackError
from claimlint.packs.schema import load_packs
from claimlint.readers.sources import document_from_text

MAGNITUDE = ("MSC-HBA1C-MAGNITUDE", "MSC-GLUCOSE-MAGNITUDE")


def magnitude(linter, text: str, kind: str = "text") -> list[tuple[str, str]]:
    findings = linter.lint_document(document_from_text(textwrap.dedent(text), f"page.{kind[:4]}", kind))
    return [(f.rule, f.text) for f in findings if f.rule in MAGNITUDE and f.reported]


@pytest.mark.parametrize("text, expected", [
    # across the sentences of one paragraph
    ("Her HbA1c was 9.4 when she arrived. Three months later it had dropped to 6.1.",
     [("MSC-HBA1C-MAGNITUDE", "dropped to 6.1")]),
    ("His fasting glucose was 240 mg/dL before treatment. Six weeks later it was down to 110.",
     [("MSC-GLUCOSE-MAGNITUDE", "down to 110")]),
    ("My A1c was 71 mmol/mol in January. By June it had fallen to 48 mmol/mol.",
     [("MSC-HBA1C-MAGNITUDE", "fallen to 48 mmol/mol")]),
    # labelled readings in a table row set out as text
    ("HbA1c before: 10.4% | HbA1c after: 5.6%", [("MSC-HBA1C-MAGNITUDE", "5.6%")]),
    ("Results\tBefore: 8.9%\tAfter: 5.4%\tHbA1c", [("MSC-HBA1C-MAGNITUDE", "5.4%")]),
    # glucose within a sentence, in both units, and relative cuts of the baseline
    ("Fasting glucose: 212 mg/dL before, 88 mg/dL now.",
     [("MSC-GLUCOSE-MAGNITUDE", "Fasting glucose: 212 mg/dL before, 88 mg/dL")]),
    ("Her fasting glucose dropped from 212 to 94.", [("MSC-GLUCOSE-MAGNITUDE", "fasting glucose dropped from 212 to 94")]),
    ("Average blood sugar falls from 11.8 to 6.2 mmol/L in weeks.",
     [("MSC-GLUCOSE-MAGNITUDE", "blood sugar falls from 11.8 to 6.2 mmol/L")]),
    ("The infusion lowers fasting glucose by 40%.", [("MSC-GLUCOSE-MAGNITUDE", "fasting glucose by 40%")]),
])
def test_falls_beyond_the_bound_are_flagged(linter, text, expected):
    assert [(rule, " ".join(words.split())) for rule, words in magnitude(linter, text)] == expected


@pytest.mark.parametrize("text", [
    # modest falls, in every shape
    "Her HbA1c was 7.9 when she arrived. Three months later it had dropped to 7.3.",
    "HbA1c before: 7.8% | HbA1c after: 7.3%",
    # in prose, before and after are no labels
    "Before the infusion we check HbA1c 7 times; after it, 3.",
    "Her fasting glucose dropped from 142 to 121 mg/dL.",
    "Her fasting glucose dropped from 8.1 to 7.2 mmol/L.",
    "The infusion lowers fasting glucose by 10%.",
    # another paragraph is another story
    "Her HbA1c was 9.4 when she arrived.\n\nThree months later her weight had dropped to 6.1 stone less.",
    "Her HbA1c was 9.4 when she arrived.\n\nThree months later it had dropped to 6.1.",
    # the later sentence is about another measure, or about something else
    "Her HbA1c was 9.4 when she arrived. Later her fasting glucose dropped to 6.1 mmol/L.",
    "Her HbA1c was 9.4. Her cholesterol dropped to 5.2.",
    "Her HbA1c was 9.4 in 2019. In 2021 the clinic cut prices to 5.",
    # a starting reading is no size of fall
    "Blood sugar can drop to 60 mg/dL from 150 mg/dL if you skip meals.",
    # ages, durations, prices, cell counts, shares of patients
    "Her HbA1c was 9.4 when she arrived. Three months later she had lost 6 kg.",
    "Patients aged 18 to 9 had their HbA1c checked.",
    "HbA1c is checked from 12 to 6 months before the infusion.",
    "Check your blood glucose from 3 to 6 months after the infusion.",
    "HbA1c monitors fell in price from $12 to 8 dollars.",
    "We reduced the dose from 9 to 6 million cells per kilogram; HbA1c fell slightly.",
    "Fasting glucose improved in 60% of patients.",
    "Our target is an HbA1c below 7%, down from the old goal.",
    "Blood sugar readings below 70 mg/dL are too low. Aim for 80 to 130.",
])
def test_contrastive_cases_pass(linter, text):
    assert magnitude(linter, text) == []


def test_before_and_after_in_consecutive_cells(linter):
    html = """\
        <table><tr><td>HbA1c</td><td>Before: 8.9%</td><td>After: 5.4%</td></tr>
        <tr><td>HbA1c</td><td>Before: 7.6%</td><td>After: 7.1%</td></tr></table>"""
    assert magnitude(linter, html, "html") == [("MSC-HBA1C-MAGNITUDE", "5.4%")]


def test_a_table_with_before_and_after_columns(linter):
    markdown = """\
        | Test | Before | 6 months after |
        |---|---|---|
        | HbA1c | 8.9% | 6.1% |
        | Cholesterol | 6.2 | 4.1 |
        | Fasting glucose | 190 mg/dL | 104 mg/dL |
        | HbA1c (repeat) | 7.4% | 7.0% |
        """
    assert magnitude(linter, markdown, "markdown") == [("MSC-HBA1C-MAGNITUDE", "6.1%"),
                                                        ("MSC-GLUCOSE-MAGNITUDE", "104 mg/dL")]
    html = """\
        <table><tr><th>Patient</th><th>Before HbA1c</th><th>After HbA1c</th><th>Insulin before</th><th>Insulin after</th></tr>
        <tr><td>Robert, 58</td><td>9.6%</td><td>5.9% (down 3.7)</td><td>52 units/day</td><td>none</td></tr>
        <tr><td>Angela, 55</td><td>7.9%</td><td>7.4% (down 0.5)</td><td>24 units/day</td><td>20 units/day</td></tr></table>"""
    assert magnitude(linter, html, "html") == [("MSC-HBA1C-MAGNITUDE", "5.9%")]


def test_cells_are_parsed_as_the_full_parse_reads_them(linter):
    """The prefilter reads a whole table that names a measure: the findings are those of parsing everything."""
    from claimlint import Linter

    html = ("<p>Our results</p><table><tr><th></th><th>Before</th><th>After</th></tr>"
            "<tr><td>HbA1c</td><td>9.1%</td><td>6.0%</td></tr></table>")
    source = document_from_text(html, "t.html", "html")
    fast = [(f.rule, f.start, f.status) for f in linter.lint_document(source)]
    assert ("MSC-HBA1C-MAGNITUDE", html.index("6.0%"), "asserted") in fast
    assert fast == [(f.rule, f.start, f.status) for f in Linter(full=True).lint_document(source)]


QUANTITY_PACK = """\
pack: {id: knee, title: Knee, version: "1", indication: knee osteoarthritis}
evidence:
  - id: pain
    tier: plausible
    reasoning: Pain scores fall a little in some trials.
    source: "docs/evidence.md#effect-size"
lexicons:
  pain_score: {terms: [pain score, vas score]}
  falls: {lemmas: [drop, fall, reduce], terms: [down]}
  before: {terms: [before]}
  after: {terms: [after]}
  other: {terms: [month, week, patient]}
rules:
  - id: KNEE-PAIN-MAGNITUDE
    title: Pain falls
    category: magnitude
    evidence: pain
    match:
      quantity:
        measure: pain_score
        falls: falls
        before: before
        after: after
        other: other
        units:
          - {unit: points, written: [points, /10], readings: [0, 10], baseline: 7, max_reduction: 1.5}
          - {unit: mm, written: [mm], readings: [0, 100], baseline: 70, max_reduction: 15, bare: false}
    message: States a fall in pain larger than trials show.
    suggestion: "Some patients report somewhat less pain."
    examples:
      flag: [Her pain score dropped from 8 to 2.]
      pass: [Her pain score dropped from 8 to 7.]
"""


def test_any_measure_is_data(pack_file, cli):
    """Nothing about HbA1c is in the code: a pack declares another measure, its units and its bound."""
    pack = pack_file(QUANTITY_PACK)
    page = pack.parent / "page.txt"
    page.write_text("Her pain score dropped from 8 to 2. It fell from 8 to 7 /10 later.\n\n"
                    "Her VAS score was 72 mm before the injection. After six weeks it was down to 20 mm.\n\n"
                    "Her pain score dropped from 12 to 3 weeks.\n", encoding="utf-8")
    run = cli("check", "--isolated", "--no-builtin", "--rules", pack, "--format", "json", page)
    import json

    found = [f["text"] for f in json.loads(run.out)["findings"]]
    assert found == ["pain score dropped from 8 to 2", "down to 20 mm"]
    assert cli("rules", "test", pack).code == 0


@pytest.mark.parametrize("change, message", [
    ("        max_reduction: 1.5\n", "quantity 'max_reduction' now belongs to each of its 'units'"),
    ("        units: [{unit: x, written: [x], readings: [0, 5], baseline: 1, max_reduction: 1}]\n",
     "quantity is missing required field 'falls'"),
    ("        falls: falls\n        units: [{unit: x, written: [x], readings: [5, 1], baseline: 1, max_reduction: 1}]\n",
     "'readings' must be [lowest, highest]"),
    ("        falls: falls\n        units: [{unit: x, written: [x], readings: [0, 5], baseline: 0, max_reduction: 1}]\n",
     "'baseline' must be a positive number"),
    ("        falls: nowhere\n        units: [{unit: x, written: [x], readings: [0, 5], baseline: 1, max_reduction: 1}]\n",
     "unknown lexicon 'nowhere'"),
])
def test_quantity_specs_are_checked(pack_file, change, message):
    text = QUANTITY_PACK.replace(QUANTITY_PACK[QUANTITY_PACK.index("        falls: falls"):QUANTITY_PACK.index("    message:")],
                                 change)
    with pytest.raises(PackError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_packs([pack_file(text)], builtin=False)


def test_builtin_quantity_rules_declare_their_units():
    (pack,) = [p for p in load_packs() if p.id == "msc-diabetes"]
    units = {r.id: [u.name for u in r.match.quantity.units] for r in pack.rules if r.match.quantity}
    assert units == {"MSC-HBA1C-MAGNITUDE": ["%", "mmol/mol"], "MSC-GLUCOSE-MAGNITUDE": ["mg/dL", "mmol/L"]}
