"""Word drafts and PDF brochures: the same copy gives the same findings as in plain text, at the paragraph (.docx)
or page and line (.pdf) where it stands; what cannot be read is one line naming the file, exit 2."""
from __future__ import annotations

import copy
import json

import pytest

docx = pytest.importorskip("docx")
canvas = pytest.importorskip("reportlab.pdfgen.canvas")

# A landing page in a reviewer's inbox: each paragraph on one line, so the .txt lines are the .docx paragraphs.
HEADING = "Stem Cells for Type 2 Diabetes"
PARAGRAPHS = [
    "After the infusion, the stem cells home to your pancreas and become new insulin-producing cells.",
    "What you can expect:",
]
ITEMS = ["Lasting remission of type 2 diabetes.", "You will be off insulin for good."]


def _keys(findings: list[dict]) -> list[tuple]:
    return sorted((f["rule"], f["text"], f["status"], f["severity"]) for f in findings)


def _json(cli, *paths) -> dict:
    run = cli("check", "--format", "json", "--no-cache", *paths)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


def _word(path, extra=None) -> None:
    document = docx.Document()
    document.add_heading(HEADING, 1)
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    for text in ITEMS:
        document.add_paragraph(text, style="List Bullet")
    if extra:
        extra(document)
    document.save(path)


def test_docx_gives_the_findings_of_the_same_copy_as_text_at_its_paragraph(cli, tmp_path):
    _word(tmp_path / "draft.docx")
    (tmp_path / "draft.txt").write_text("\n".join([HEADING, *PARAGRAPHS, *(f"- {t}" for t in ITEMS)]) + "\n")
    data = _json(cli, tmp_path / "draft.docx", tmp_path / "draft.txt")
    word = [f for f in data["findings"] if f["path"].endswith(".docx")]
    text = [f for f in data["findings"] if f["path"].endswith(".txt")]
    assert word and _keys(word) == _keys(text)
    # The line is the paragraph's number and the column the character in it: the lead-in reached its items.
    where = {f["rule"]: (f["line"], f["column"]) for f in word}
    assert where["MSC-DIFFERENTIATION"] == (2, PARAGRAPHS[0].index("become") + 1)
    assert where["MSC-MEDICATION-FREEDOM"] == (5, ITEMS[1].index("off insulin") + 1)
    assert all("page" not in f for f in word)


def test_docx_reads_tables_tracked_changes_as_accepted_and_leaves_comments_out(cli, tmp_path):
    def extras(document):
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Outcome"
        table.cell(0, 1).text = "Our treatment cures diabetes."
        # Tracked changes: a deleted sentence is gone, an inserted one is copy. Built from a plain paragraph's run.
        p = document.add_paragraph("Stem cells are studied for diabetes.")
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        run = p._p.findall(f"{w}r")[0]
        deleted = copy.deepcopy(run)
        for t in deleted.iter(f"{w}t"):
            t.tag = f"{w}delText"
            t.text = " Our stem cells regrow the pancreas."
        inserted = copy.deepcopy(run)
        next(inserted.iter(f"{w}t")).text = " They become beta cells."
        next(inserted.iter(f"{w}t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for tag, child in (("del", deleted), ("ins", inserted)):
            change = p._p.makeelement(f"{w}{tag}", {f"{w}id": "1", f"{w}author": "Reviewer"})
            change.append(child)
            p._p.append(change)
        # A reviewer's comment on a harmless paragraph: its words are not the page's.
        commented = document.add_paragraph("Ask us about the research.")
        document.add_comment(commented.runs, text="Say it cures diabetes and reverses ageing.", author="Sales")

    _word(tmp_path / "changes.docx", extras)
    found = _json(cli, tmp_path / "changes.docx")["findings"]
    texts = " | ".join(f["text"] for f in found)
    assert "cures" in texts and "become beta cells" in texts
    assert "regrow" not in texts and "reverses" not in texts
    assert {f["rule"] for f in found} >= {"MSC-CURE", "MSC-DIFFERENTIATION"}


def _pdf(path, pages: list[list[str]]) -> None:
    pdf = canvas.Canvas(str(path))
    for lines in pages:
        for i, line in enumerate(lines):
            pdf.drawString(72, 760 - 18 * i, line)
        pdf.showPage()
    pdf.save()


def test_pdf_gives_the_findings_of_the_same_copy_as_text_with_page_and_line(cli, tmp_path):
    pages = [[HEADING, "", PARAGRAPHS[0]], ["Why choose us", "", "Our treatment cures type 2 diabetes."]]
    _pdf(tmp_path / "brochure.pdf", pages)
    (tmp_path / "brochure.txt").write_text("\n\n".join("\n".join(lines) for lines in pages) + "\n")
    data = _json(cli, tmp_path / "brochure.pdf", tmp_path / "brochure.txt")
    pdf = [f for f in data["findings"] if f["path"].endswith(".pdf")]
    assert pdf and _keys(pdf) == _keys([f for f in data["findings"] if f["path"].endswith(".txt")])
    cure = next(f for f in pdf if f["rule"] == "MSC-CURE")
    assert cure["page"] == 2 and cure["column"] == len("Our treatment ") + 1
    assert next(f for f in pdf if f["rule"] == "MSC-DIFFERENTIATION")["page"] == 1
    text = cli("check", "--no-cache", tmp_path / "brochure.pdf").out
    assert f"brochure.pdf:{cure['line']}:{cure['column']}: MSC-CURE" in text and "(page 2)" in text


def test_drafts_are_found_in_directory_walks_and_work_in_every_format(cli, tmp_path):
    (tmp_path / "site").mkdir()
    _word(tmp_path / "site" / "draft.docx")
    _pdf(tmp_path / "site" / "brochure.pdf", [["Our treatment cures type 2 diabetes."]])
    for fmt in ("text", "sarif", "github", "junit", "html"):
        run = cli("check", "--no-cache", "--format", fmt, tmp_path / "site")
        assert run.code == 1, (fmt, run.err)
        assert "draft.docx" in run.out and "brochure.pdf" in run.out, fmt


def _unreadable(tmp_path):
    from pypdf import PdfWriter

    _pdf(tmp_path / "ok.pdf", [["Our treatment cures type 2 diabetes."]])
    writer = PdfWriter(clone_from=str(tmp_path / "ok.pdf"))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(str(tmp_path / "locked.pdf"))
    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(50, 50, 300, 300, fill=1)  # a page with a picture and no text, as a scanned brochure
    scan.save()
    (tmp_path / "cut.pdf").write_bytes((tmp_path / "ok.pdf").read_bytes()[:200])
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04 not a whole package")
    # Word saves an encrypted document as an OLE compound file, whatever its name says.
    (tmp_path / "locked.docx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    empty = docx.Document()
    empty.add_paragraph("")
    empty.save(tmp_path / "images.docx")
    return {"locked.pdf": "password-protected", "scan.pdf": "no text", "cut.pdf": "not a readable PDF",
            "cut.docx": "not a readable .docx", "locked.docx": "password-protected", "images.docx": "no text"}


def test_unreadable_drafts_are_one_line_each_and_exit_2(cli, tmp_path):
    expected = _unreadable(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in expected}
    run = cli("check", "--no-cache", *(tmp_path / name for name in expected), tmp_path / "ok.pdf")
    assert run.code == 2
    lines = run.err.strip().splitlines()
    assert len(lines) == len(expected), run.err
    for name, words in expected.items():
        assert any(line.startswith(f"claimlint: {tmp_path / name}: error: ") and words in line for line in lines), name
    assert "Traceback" not in run.err and "MSC-CURE" in run.out  # the readable one is still linted
    assert before == {name: (tmp_path / name).read_bytes() for name in expected}
