"""Stage 1: YAML is read as text, with positions, and bad files are reported, never raised."""

import pytest

from build_kb.load.files import MAX_FILE_BYTES, load_text


def test_designators_dates_and_yes_no_stay_text():
    loaded = load_text("num: 1798.100\nsec: 164.510\nzero: 010\ncountry: NO\nflag: on\ndate: 2021-08-20\nempty:\n", "f.yaml")
    assert loaded.diagnostics == ()
    assert loaded.data == {"num": "1798.100", "sec": "164.510", "zero": "010", "country": "NO", "flag": "on",
                           "date": "2021-08-20", "empty": None}


def test_positions_are_one_based_line_and_column():
    loaded = load_text("id: cn/x\nprovisions:\n  - eid: art_1\n    text:\n      zh: 文本\n", "f.yaml")
    assert loaded.where(("provisions", 0, "eid")) == (3, 10)
    assert loaded.where(("provisions", 0, "text", "zh")) == (5, 11)
    assert loaded.where(("provisions", 0), key=False) == (3, 5)


@pytest.mark.parametrize("raw, expected", [
    (b"a: 1\na: 2\n", "f.yaml:2:1: duplicate key 'a' (first at line 1) (keep one of the two; YAML would silently drop the first)"),
    (b"\xef\xbb\xbfa: 1\n", "f.yaml:1:1: the file starts with a byte-order mark (BOM) (save the file as UTF-8 without BOM)"),
    (b"a: \xd6\xd0\xce\xc4\n", "f.yaml:1:4: the file is not valid UTF-8 (save the file as UTF-8, not GBK, GB18030 or UTF-16)"),
    (b"", "f.yaml:1:1: the file is empty (start from statutes/TEMPLATE.yaml or delete the file)"),
    (b"# only a comment\n", "f.yaml:1:1: the file is empty (start from statutes/TEMPLATE.yaml or delete the file)"),
    (b"a:\n\tb: 1\n", "f.yaml:2:1: a tab is used for indentation (indent with spaces only)"),
    ("text\uff1a 个人信息\n".encode(), "f.yaml:1:5: a full-width colon '：' follows the key 'text' (type the key with an ASCII colon and an ordinary space: 'key: value')"),
    ("text:\u3000个人信息\n".encode(), "f.yaml:1:5: a full-width space after the colon follows the key 'text' (type the key with an ASCII colon and an ordinary space: 'key: value')"),
    (b"a: !!python/object:os.system x\n", "f.yaml:1:4: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed (remove the tag; values are plain text)"),
    (b"a: &x 1\nb: *x\n", "f.yaml:2:4: the alias *x repeats another part of the file (write the value out in full; anchors and aliases are not allowed)"),
    (b"a: [1, 2\n", "f.yaml:2:1: YAML syntax error: did not find expected ',' or ']' (check indentation and quote text containing ': ' or '#')"),
    (b"a: 1\n---\nb: 2\n", "f.yaml:1:1: the file holds 2 YAML documents (keep exactly one instrument per file, without '---' separators)"),
])
def test_bad_files_are_reported_with_place_and_fix(raw, expected):
    loaded = load_text(raw, "f.yaml")
    assert [str(d) for d in loaded.diagnostics] == [expected]


def test_huge_file_is_refused_before_parsing():
    loaded = load_text(b"a: " + b"x" * MAX_FILE_BYTES + b"\n", "f.yaml")
    assert loaded.data is None
    assert "over the limit of 8,388,608" in str(loaded.diagnostics[0])
