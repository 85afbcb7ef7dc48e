"""claimlint on Apache Spark: a real local Spark (local[2]; no mocks), the findings held to `claimlint check
--format json` over the same pages, from a DataFrame and from each input format of `claimlint spark`.

One SparkSession for the module (every test here runs on one xdist worker: the ``spark`` group), started on
loopback with the UI off. The default suite keeps to one Python worker (one model load) and to small inputs, beside
the other tests on a 2-core machine; the end-to-end command over every format, the killed task and the whole corpus
are long runs (``-m slow``, which .ci/run also runs). It is ``local[2,2]``: two cores, and a failed task is tried once more, as on a cluster,
so the retry test can kill a task. The tests skip without pyspark or Java, except under CLAIMLINT_CI=1 (CI installs
both, so a missing one there is a failure, not a silent skip).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, corpus_pages, require

pytestmark = pytest.mark.xdist_group("spark")

MASTER = "local[2,2]"
EXAMPLES = sorted((ROOT / "examples").iterdir())
# A few corpus pages of each format, with many findings between them.
CORPUS = [ROOT / "corpus" / "docs" / name for name in (
    "cellpath-newsletter-july.html", "consumer-alert-stem-cells.html", "gencell-patient-voices.md",
    "northgate-evidence-check.md", "gary-off-insulin-story.txt", "clinic-claims-news-article.txt")]
PAGES = EXAMPLES + CORPUS
OPTIONAL = ("page", "fetched", "sha256", "pages")  # JSON fields written only where they apply


def _missing() -> str | None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        return f"the spark extra is not installed ({exc.name}; pip install -e '.[spark]')"
    from claimlint.spark.session import java

    return None if java() else "no Java runtime (apt-get install default-jre-headless)"


@pytest.fixture(scope="module")
def spark():
    require(_missing(), "the Spark tests")
    from claimlint.spark import spark_session

    session = spark_session(MASTER, app_name="claimlint-tests")
    yield session
    session.stop()


def check_json(cli, *paths) -> dict:
    run = cli("check", "--format", "json", "--isolated", "--no-cache", "-j1", *paths)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


def as_json(row: dict) -> dict:
    """A findings-table row as the JSON output writes the finding (its optional fields only where set)."""
    out = {k: v for k, v in row.items() if k not in ("url", "error", "error_level")}
    for name in OPTIONAL:
        if out.get(name) is None:
            out.pop(name, None)
    out["references"] = list(out["references"] or [])
    return out


def by_page(findings: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for f in findings:
        pages.setdefault(f["path"], []).append(f)
    return pages


def test_a_dataframe_of_pages_gives_what_check_reports_and_a_bad_page_is_one_error_row(spark, cli):
    from claimlint.spark import lint_pages
    from claimlint.spark.frames import public_columns

    rows = [(str(p), p.read_bytes(), None) for p in PAGES]
    bad = [("bad/binary.txt", b"\x00\x01\x02 not text", None),  # bad encoding: a binary file
           ("bad/huge.txt", b"Our stem cells cure diabetes. " * 40_000, None),  # over the size limit given
           ("bad/image", b"\x89PNG\r\n", "image/png"),  # not a kind claimlint reads
           ("bad/brochure.docx", b"PK\x03\x04 a Word document cut short", None)]  # its reader fails
    # One partition: in the default suite one Python worker loads the model (the slow tests spread work over two).
    pages = spark.createDataFrame(rows[:3] + bad + rows[3:], "url string, content binary, content_type string")
    table = lint_pages(pages.coalesce(1), max_bytes=1_000_000)
    assert table.columns == public_columns("url")
    got = [r.asDict(recursive=True) for r in table.collect()]

    errors = [r for r in got if r["error"] is not None]
    assert sorted(r["url"] for r in errors) == ["bad/binary.txt", "bad/brochure.docx", "bad/huge.txt", "bad/image"]
    assert all(r["rule"] is None and r["error_level"] == "error" for r in errors)
    messages = {r["url"]: r["error"] for r in errors}
    assert "binary file" in messages["bad/binary.txt"]
    assert "limit" in messages["bad/huge.txt"] and "image/png" in messages["bad/image"]

    expected = by_page(check_json(cli, *PAGES)["findings"])
    spark_findings = by_page([as_json(r) for r in got if r["error"] is None])
    assert set(spark_findings) == set(expected)
    assert len(expected) >= 4 and sum(map(len, expected.values())) >= 20
    for path, findings in expected.items():  # same rules, positions, statuses, messages: every field
        assert spark_findings[path] == findings, path
    # Deterministic: the same pages give the same rows, in the same order.
    assert [r.asDict(recursive=True) for r in table.collect()] == got


def test_the_content_type_column_decides_the_reader(spark, cli, tmp_path):
    from claimlint.spark import lint_pages

    page = ("<h1>Clinic</h1>\n<p>Our stem cells <b>cure</b> type 2 diabetes.</p>\n"
            "<p>In the body the cells travel to the pancreas and become insulin-producing cells.</p>\n")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    pages = spark.createDataFrame([("a", page, "text/html; charset=utf-8"), ("b", page, "txt"), ("c", page, None)],
                                  "id string, body string, kind string")
    rows = lint_pages(pages.coalesce(1), id_column="id", content_column="body", type_column="kind").collect()
    found = {key: [{k: v for k, v in as_json(r.asDict(recursive=True)).items() if k not in ("id", "path")}
                   for r in rows if r.id == key] for key in "abc"}
    files = by_page(check_json(cli, tmp_path / "page.html", tmp_path / "page.txt")["findings"])
    as_html = [{k: v for k, v in f.items() if k != "path"} for f in files[str(tmp_path / "page.html")]]
    as_text = [{k: v for k, v in f.items() if k != "path"} for f in files.get(str(tmp_path / "page.txt"), [])]
    assert as_html and as_html != as_text
    assert found["a"] == found["c"] == as_html  # a media type, or no type and markup first: HTML
    assert found["b"] == as_text


def _archive(path: Path, pages: dict[str, str], cut: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers))
    if cut:  # the last record breaks off half-way
        data = path.read_bytes()
        last = data.rfind(b"\x1f\x8b")
        path.write_bytes(data[: last + (len(data) - last) // 2])


SITE = {
    "http://clinic.test/": "<h1>Our clinic</h1><p>After the infusion the stem cells become insulin-producing cells.</p>",
    "http://clinic.test/about": "<h1>About us</h1><p>Our treatment cures type 2 diabetes.</p>",
    "http://clinic.test/knees": "<h1>Knees</h1><p>Stem cells regrow the cartilage in your knee.</p>",
}
OTHER = {
    "http://other.test/": "<h1>Other</h1><p>Our stem cells reverse type 1 diabetes in every patient.</p>",
    "http://other.test/lost": "<h1>Lost</h1><p>This page will not be read.</p>",
}


@pytest.mark.parametrize("parts", [1, 2, 3, 7, 40])
def test_the_slices_of_a_file_hold_each_page_once_in_order(tmp_path, parts):
    """What the Python workers read for a slice (no Spark needed): every JSON Lines line and archived page in
    exactly one of a file's slices, the slices in file order, a bad line an error row, an archive's break once."""
    from claimlint.spark.sources import Source

    lines = [json.dumps({"url": f"p{i}", "content": "x" * (i * 37 % 500)}) for i in range(60)]
    lines[5], lines[9] = "", "not json"
    (tmp_path / "pages.jsonl").write_text("\n".join(lines), encoding="utf-8")  # no newline after the last
    _archive(tmp_path / "site.warc.gz", {**SITE, **OTHER}, cut=True)
    source = Source()
    for name, fmt in (("pages.jsonl", "jsonl"), ("site.warc.gz", "warc")):
        whole = list(source.pages({"format": fmt, "path": str(tmp_path / name), "part": 0, "parts": 1}))
        sliced = [page for part in range(parts)
                  for page in source.pages({"format": fmt, "path": str(tmp_path / name), "part": part, "parts": parts})]
        assert sorted(map(str, sliced)) == sorted(map(str, whole))
        assert [p for p in sliced if not p["read_error"]] == [p for p in whole if not p["read_error"]]
    urls = [p["url"] for p in whole if not p["read_error"]]
    assert urls == list(SITE) + ["http://other.test/"]
    jsonl = list(source.pages({"format": "jsonl", "path": str(tmp_path / "pages.jsonl"), "part": 0, "parts": 1}))
    assert len(jsonl) == 59 and jsonl[0]["content"] == b"" and "not a JSON object" in jsonl[8]["read_error"]


def _read_table(folder: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


@pytest.mark.slow
def test_the_command_reads_warc_parquet_and_json_lines_and_writes_findings_and_a_summary(spark, cli, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "site.warc.gz").parent.mkdir(exist_ok=True)
    _archive(tmp_path / "site.warc.gz", SITE)
    _archive(tmp_path / "cut.warc.gz", OTHER, cut=True)
    half = len(PAGES) // 2
    with open(tmp_path / "pages.jsonl", "w", encoding="utf-8") as out:
        for p in PAGES[:half]:
            out.write(json.dumps({"page": str(p), "html": p.read_text(encoding="utf-8"), "extra": 1}) + "\n")
    pq.write_table(pa.table({"page": [str(p) for p in PAGES[half:]],
                             "html": [p.read_text(encoding="utf-8") for p in PAGES[half:]]}), tmp_path / "pages.parquet")

    out = tmp_path / "audit"
    run = cli("spark", tmp_path / "site.warc.gz", tmp_path / "cut.warc.gz", tmp_path / "pages.jsonl",
              tmp_path / "pages.parquet", "--output", out, "--master", MASTER, "--isolated",
              "--url-column", "page", "--content-column", "html")
    assert run.code == 0, run.err
    assert "partition 1 of " in run.err and " findings in " in run.err
    rows = _read_table(out / "findings")

    # The corrupt archive: one error row naming it; its pages before the break are linted.
    errors = [r for r in rows if r["error"] is not None]
    assert [(r["url"], r["error_level"]) for r in errors] == [(str(tmp_path / "cut.warc.gz"), "error")]
    assert "not a readable WARC file" in errors[0]["error"]
    assert any(r["url"] == "http://other.test/" for r in rows)

    expected = by_page(check_json(cli, tmp_path / "site.warc.gz", *PAGES)["findings"])
    got = by_page([as_json(r) for r in rows if r["error"] is None])
    got.pop("http://other.test/")
    assert set(got) == set(expected)
    for path, findings in expected.items():
        assert sorted(got[path], key=lambda f: (f["start"], f["rule"])) == sorted(findings, key=lambda f: (f["start"], f["rule"]))
    assert all(f["fetched"] and f["sha256"] for f in got["http://clinic.test/about"])

    summary = {r["site"]: r for r in _read_table(out / "summary")}
    clinic = summary["clinic.test"]
    assert (clinic["pages"], clinic["not_linted"], clinic["findings"]) == (3, 0, sum(len(expected.get(u, [])) for u in SITE))
    assert dict(clinic["tiers"]) == {"not-supported": clinic["findings"]}
    assert summary["other.test"]["pages"] == 1
    assert sum(r["pages"] for r in summary.values()) == 3 + 1 + len(PAGES) + 1  # the cut archive's error row counts
    examples = summary[str(ROOT / "examples")]
    assert examples["findings"] == len(expected[str(ROOT / "examples" / "clinic-page.txt")])
    assert dict(examples["categories"])["cure"] >= 1


@pytest.mark.slow
def test_a_task_killed_mid_partition_and_retried_writes_no_duplicates(spark, tmp_path):
    from claimlint.spark import lint_pages

    # Small batches so partition 0 is several batches long and dies with some of its rows already written.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
    try:
        rows = [(str(p), p.read_text(encoding="utf-8"), None) for p in PAGES]
        pages = spark.createDataFrame(rows, "url string, content string, content_type string").repartition(2, "url")
        pages = pages.sortWithinPartitions("url")
        table = lint_pages(pages, type_column=None)
        clean = sorted(json.dumps(r.asDict(recursive=True), sort_keys=True) for r in table.collect())

        marker = str(tmp_path / "killed")

        def killer(batches):
            """The rows pass through, but a partition's first attempt dies after its first batch, as a worker lost
            mid-partition would (a nested function: Spark ships it by value). Which partitions are long enough
            depends on how the pages' paths hash, so any may be the one."""
            from pyspark import TaskContext

            context = TaskContext.get()
            for i, batch in enumerate(batches):
                if i == 1 and context.attemptNumber() == 0:
                    open(marker, "w").close()
                    os._exit(1)
                yield batch

        table.mapInArrow(killer, table.schema).write.parquet(str(tmp_path / "findings"))
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
    written = sorted(json.dumps(r, sort_keys=True) for r in _read_table(tmp_path / "findings"))
    assert (tmp_path / "killed").exists()  # the first attempt did die, after writing some rows
    assert len(clean) > 20 and written == clean


def test_without_pyspark_or_java_the_command_says_so_and_exits_3(cli, monkeypatch, tmp_path):
    installed = _missing() is None  # imports pyspark when it is there
    original = sys.modules.get("pyspark")
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the extra were not installed
    run = cli("spark", tmp_path / "x.jsonl", "--output", tmp_path / "out")
    assert run.code == 3 and "needs the spark extra" in run.err and "Traceback" not in run.err
    if installed:
        monkeypatch.setitem(sys.modules, "pyspark", original)
        monkeypatch.delenv("JAVA_HOME", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
        run = cli("spark", tmp_path / "x.jsonl", "--output", tmp_path / "out")
        assert run.code == 3 and "needs a Java runtime" in run.err and "Traceback" not in run.err
        assert run.err.count("\n") == 1


def test_the_normal_command_never_imports_pyspark():
    import subprocess

    code = ("import sys; from click.testing import CliRunner; from claimlint.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert 'spark' in r.output; "
            "assert not [m for m in sys.modules if m.startswith(('pyspark', 'pyarrow'))]")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_compressed_json_lines_page_and_an_unknown_input(spark, cli, tmp_path):
    page = ROOT / "examples" / "clinic-page.txt"
    with gzip.open(tmp_path / "pages.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"url": "clinic-page.txt", "content": page.read_text(encoding="utf-8")}) + "\n")
    run = cli("spark", tmp_path / "pages.jsonl.gz", "--output", tmp_path / "out", "--master", MASTER, "--isolated",
              "--partitions", "1")
    assert run.code == 0, run.err
    assert {r["rule"] for r in _read_table(tmp_path / "out" / "findings")} >= {"MSC-CURE", "MSC-HOMING"}
    (tmp_path / "notes.csv").write_text("a,b\n")
    run = cli("spark", tmp_path / "notes.csv", "--output", tmp_path / "out2", "--master", MASTER)
    assert run.code == 2 and "cannot tell its format" in run.err


@pytest.mark.slow
def test_every_corpus_page_through_spark_gives_what_check_reports(spark, cli, tmp_path):
    """The whole annotated corpus, the examples and the seeds (every reader: text, Markdown, HTML), as a DataFrame
    and, for the HTML pages, as a web archive through the command."""
    from claimlint.spark import lint_pages

    paths = corpus_pages(1)
    pages = spark.createDataFrame([(str(p), p.read_bytes()) for p in paths], "url string, content binary")
    got = by_page([as_json(r.asDict(recursive=True)) for r in lint_pages(pages).collect()])
    expected = by_page(check_json(cli, *paths)["findings"])
    assert got == expected and len(expected) > 30

    html = {f"http://site{i % 7}.test/{p.stem}": p.read_text(encoding="utf-8") for i, p in enumerate(paths)
            if p.suffix == ".html"}
    _archive(tmp_path / "corpus.warc.gz", html)
    run = cli("spark", tmp_path / "corpus.warc.gz", "--output", tmp_path / "out", "--master", MASTER, "--isolated",
              "--partitions", "3")
    assert run.code == 0, run.err
    assert run.err.count("partition ") == 3
    rows = _read_table(tmp_path / "out" / "findings")
    assert not [r for r in rows if r["error"]]
    archived = by_page(check_json(cli, tmp_path / "corpus.warc.gz")["findings"])
    got = by_page([as_json(r) for r in rows])
    key = lambda f: (f["start"], f["rule"])  # noqa: E731 - partitions hold pages by URL hash, not archive order
    # Each corpus page is its own copy: check reports nothing once for many pages (site-wide), which Spark does not do.
    assert not any(f.get("pages") for found in archived.values() for f in found)
    assert set(got) == set(archived)
    for path, found in archived.items():
        assert sorted(got[path], key=key) == sorted(found, key=key), path
