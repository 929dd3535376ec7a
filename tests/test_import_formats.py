"""The U.S. Code, GDPRtEXT, HIPAA and CCPA readers on damaged input: a byte-order mark, no-break spaces, other JSON.

The Chinese reader has its own file (tests/test_import_cn.py); the reading of bytes is shared by all.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from build_kb.cli import main
from build_kb.importers import cpra_ballot, gdpr_json, hipaa_aptible, us_code
from test_import_ccpa import MEASURE

CODE = """# Title 15— COMMERCE AND TRADE
### CHAPTER 91— CHILDREN'S ONLINE PRIVACY PROTECTION
#### § 6501. Definitions
In this chapter:
(1) Child
The term “child” means an individual under the age of 13.

#### § 6502. Regulation of unfair and deceptive acts
##### (a) Acts prohibited
(1) In general
It is unlawful for an operator to collect personal information.
"""

GDPR = {
    "recitals": [{"number": 1, "text": "The protection of natural persons is a fundamental right."}],
    "chapters": [{"number": "I", "title": "General provisions", "contents": [
        {"type": "article", "number": 1, "title": "Subject-matter and objectives",
         "contents": [{"type": "text", "text": "This Regulation lays down rules.", "subpoints": []}]}]}],
}

HIPAA = """<!-- extracted from aptible/www.aptible.com:source/hipaa/regulations/164-402-definitions.md -->
(a) Standard: a covered entity shall notify.
(1) General rule.
"""


def _import(tmp_path, monkeypatch, name: str, content: str | bytes, instrument_id: str):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = CliRunner().invoke(main, ["import", name, "--id", instrument_id, "--output", "out.yaml"])
    out = tmp_path / "out.yaml"
    return result.exit_code, result.stderr, out.read_text(encoding="utf-8") if out.exists() else None


@pytest.fixture
def code_clean(tmp_path_factory, monkeypatch) -> str:
    code, stderr, written = _import(tmp_path_factory.mktemp("clean"), monkeypatch, "code.md", CODE, "us/test")
    assert (code, stderr) == (0, "")
    assert "eid: sec_6502__subsec_a__para_1\n" in written
    return written


@pytest.mark.parametrize("damage", [
    lambda text: "\ufeff" + text,
    lambda text: text.replace("#### § 6502", "####\u00a0§ 6502").replace("##### (a)", "#####\u00a0(a)"),
    lambda text: text.replace("(1) Child", "(1)\u00a0Child").replace("(1) In general", "(1)\tIn general"),
], ids=["byte-order mark", "no-break space after the hashes", "no-break space or tab after a designator"])
def test_us_code_reads_through_the_damage(tmp_path, monkeypatch, code_clean, damage):
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md", damage(CODE), "us/test")
    assert (code, stderr) == (0, "")
    assert written == code_clean


def test_us_code_section_heading_that_cannot_be_read_is_an_error(tmp_path, monkeypatch):
    damaged = CODE.replace("#### § 6502. Regulation", "#### §6502 Regulation")
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md", damaged, "us/test")
    assert (code, written) == (1, None)
    assert stderr == ("code.md:8: a section heading that cannot be read: '#### §6502 Regulation of unfair and deceptive "
                      "acts' (write it as '#### § 6501. Heading')\n")


def test_us_code_errors_name_the_line_of_the_source_blank_lines_included(tmp_path, monkeypatch):
    damaged = CODE.replace("(1) In general", "(7) In general")
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md", damaged, "us/test")
    assert (code, written) == (1, None)
    assert stderr == "code.md:10: cannot place (7) in § 6502: '(7) In general'\n"


def test_gdpr_json_with_a_byte_order_mark(tmp_path, monkeypatch):
    text = json.dumps(GDPR, ensure_ascii=False)
    plain_dir, marked_dir = tmp_path / "plain", tmp_path / "marked"
    plain_dir.mkdir()
    marked_dir.mkdir()
    code, stderr, plain = _import(plain_dir, monkeypatch, "act.json", text, "eu/test")
    assert (code, stderr) == (0, "")
    code, stderr, marked = _import(marked_dir, monkeypatch, "act.json", "\ufeff" + text, "eu/test")
    assert (code, stderr) == (0, "")
    assert marked == plain
    assert "eid: rct_1\n" in plain and "eid: art_1\n" in plain


@pytest.mark.parametrize("content, message", [
    ("{", "act.json:1: not valid JSON (Expecting property name enclosed in double quotes, column 2)"),
    ("[]", "act.json: not a GDPRtEXT JSON rendering: it needs 'recitals' and 'chapters' at the top level"),
    (json.dumps({"recitals": [], "chapters": [{"number": "I", "contents": []}]}),
     "act.json: not a GDPRtEXT JSON rendering: an item has no 'title' field"),
    (json.dumps({"recitals": [], "chapters": [{"number": "1", "title": "One", "contents": []}]}),
     "act.json: not a GDPRtEXT JSON rendering: an item is not a numbered object of its kind (chapter numbers in Roman "
     "numerals, articles with number, title and contents)"),
    ("[" * 100000 + "]" * 100000, "act.json: not a GDPRtEXT JSON rendering: its arrays or objects are nested too deeply "
                                  "to read"),
], ids=["not JSON", "not an object", "missing field", "chapter number not Roman", "nested too deeply"])
def test_other_json_is_a_one_line_error(tmp_path, monkeypatch, content, message):
    code, stderr, written = _import(tmp_path, monkeypatch, "act.json", content, "eu/test")
    assert (code, stderr, written) == (1, message + "\n", None)


@pytest.mark.parametrize("module, text", [(hipaa_aptible, HIPAA), (cpra_ballot, MEASURE), (us_code, CODE)],
                         ids=["HIPAA", "CCPA", "U.S. Code"])
def test_readers_ignore_a_byte_order_mark(tmp_path, module, text):
    path = tmp_path / "source.md"
    path.write_text("\ufeff" + text, encoding="utf-8")
    assert module.parse_file(path) == module.parse(text)


def test_gdpr_reader_ignores_a_byte_order_mark(tmp_path):
    path = tmp_path / "act.json"
    path.write_text("\ufeff" + json.dumps(GDPR), encoding="utf-8")
    assert gdpr_json.parse_file(path) == gdpr_json.parse(GDPR)


def test_us_code_repeated_section_is_an_error(tmp_path, monkeypatch):
    source = "#### § 1. Short\n\ntext a\n\n(1) one;\n\n(2) two.\n\n#### § 1. Dup\n\nx\n"
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md", source, "us/test")
    assert (code, written) == (1, None)
    assert stderr == ("code.md:9: § 1 again (first at line 1): a section is printed once, its chunks repeating its "
                      "heading unchanged; remove or renumber the repeated section in the source\n")


def test_us_code_chunks_repeating_a_section_heading_are_read_once(tmp_path, monkeypatch):
    source = "#### § 1. Short\n\n(1) one;\n\n#### § 1. Short\n\n(2) two.\n"
    provisions = us_code.parse(source)
    assert [c["text"]["en"] for c in provisions[0]["children"]] == ["one;", "two."]


def test_us_code_sections_out_of_order_are_an_error(tmp_path, monkeypatch):
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md", "#### § 9. Nine\n\ntext\n\n#### § 2. Two\n\nx\n",
                                    "us/test")
    assert (code, written) == (1, None)
    assert stderr == "code.md:5: § 2 follows § 9: sections must be in the Code's order; correct the source\n"


def test_us_code_gap_is_kept_as_printed_with_a_warning(tmp_path, monkeypatch):
    code, stderr, written = _import(tmp_path, monkeypatch, "code.md",
                                    "#### § 1. Short\n\ntext a\n\n(1) one;\n\n(3) three.\n", "us/test")
    assert code == 0
    assert stderr == ("code.md:7: warning: § 1: (3) follows (1), with a subdivision not printed between: kept as a "
                      "gap, not renumbered (the Code leaves some out; if the copy lost one, restore it in the source)\n")
    assert "eid: sec_1__para_3\n" in written and "sec_1__para_2" not in written


@pytest.mark.parametrize("source, lead_in", [
    ("#### § 1. Short\n\ntext a\n\n(1) one;\n\n(2) two.\n", "text a—"),
    ("#### § 1. Short\n\ntext a\n\n(1) one\n\n(2) two\n", "text a"),
    ("#### § 1. Short\n\ntext a\n\n(1) one;\n\n(2) two.\n\n#### § 2. Other\n\nFor this section—\n\n(1) one.\n",
     "text a"),
], ids=["its list carries on the sentence", "a list that does not", "a copy that kept its dashes"])
def test_us_code_em_dash_restored_only_where_the_copy_lost_it(source, lead_in):
    assert us_code.parse(source)[0]["text"] == {"en": lead_in}
