"""Claim frames read from the parse (claimlint/pipeline/frames.py) and word families (`derive: true`)."""
from __future__ import annotations

import json

import pytest

from test_packs import GOOD

FRAME_PACK = GOOD.replace("  magic: {terms: [magic beans]}", """\
  magic: {terms: [magic beans]}
  actor: {terms: [stem cells, stem cell injections, our injections]}
  relieve: {lemmas: [relieve, regrow]}
  target: {terms: [pain, cartilage, tendons, nerves]}""").replace(
    "match: {any: [magic]}", "match: {frame: {actor: [actor], predicate: [relieve], target: [target]}}").replace(
    "flag: [Our magic beans work.]", "flag: [Our injections relieve pain.]").replace(
    "pass: [We sell ordinary beans.]", "pass: [Knee replacement relieves pain.]")


def found(cli, pack, text: str) -> list[str]:
    run = cli("check", "--no-builtin", "--rules", pack, "--format", "json", "-", input=text)
    assert run.code in (0, 1), run.err
    return [f["text"] for f in json.loads(run.out)["findings"]]


@pytest.fixture
def frame_pack(pack_file):
    return pack_file(FRAME_PACK)


def test_the_predicate_reaches_every_item_of_a_list(cli, frame_pack):
    assert found(cli, frame_pack, "Our injections regrow cartilage, tendons and damaged nerves.\n") == \
        ["regrow cartilage, tendons and damaged nerves"]


def test_a_pronoun_stands_for_the_therapy_named_before(cli, frame_pack):
    text = "We offer stem cell injections for knees. They relieve pain within weeks.\n"
    assert found(cli, frame_pack, text) == ["relieve pain"]


def test_another_actor_is_no_claim_of_the_therapy(cli, frame_pack):
    """The frame's actor is read by its role: the subject decides, whatever it is called."""
    assert found(cli, frame_pack, "Knee replacement relieves pain for most people.\n") == []
    assert found(cli, frame_pack, "Physiotherapy after surgery can regrow tendons slowly.\n") == []


def test_a_heading_or_list_item_implies_the_page_s_therapy(cli, frame_pack):
    assert found(cli, frame_pack, "Stem cells for knees\n\nBenefits:\n\n- Relieves pain in weeks\n") == ["Relieves pain"]


def test_words_without_a_relation_are_no_frame(cli, frame_pack):
    text = "Our injections take an hour, and pain after the visit is rare; physiotherapy can relieve stiffness.\n"
    assert found(cli, frame_pack, text) == []


def test_a_frame_needs_its_predicate_and_target(cli, pack_file):
    path = pack_file(FRAME_PACK.replace(", target: [target]", ""))
    run = cli("rules", "test", path)
    assert run.code == 2 and f"{path}:17: " in run.err and "missing required field 'target'" in run.err


def test_derive_adds_the_word_family(cli, pack_file, tmp_path):
    family = GOOD.replace("  magic: {terms: [magic beans]}", "  magic: {lemmas: [cure], derive: true}").replace(
        "flag: [Our magic beans work.]", "flag: [Our curative infusions.]")
    assert found(cli, pack_file(family), "A curative protocol.\n") == ["curative"]
    plain = tmp_path / "plain.yaml"  # another file: the command keeps one linter per pack path in a process
    plain.write_text(family.replace(", derive: true", "").replace("flag: [Our curative infusions.]",
                                                                   "flag: [Our infusions cure.]"), encoding="utf-8")
    assert found(cli, plain, "A curative protocol.\n") == []
