"""Every class of input a contributor can produce gives one clear diagnostic with file and line, never a
traceback, and the other files still validate: the file system, structure, text, ranges, identifiers,
and the logic of dates and statuses. Each case asserts the exact message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_kb.diagnostics import Severity
from build_kb.pipeline import run_uncached

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "statutes"
EXCERPT = "statutes/cn/excerpt.yaml"


class Folder:
    """A statutes folder under test, in the current folder; :meth:`said` is what validating it says."""

    def __init__(self, root: Path):
        self.root = root
        self.known: set[str] = set()
        self.known = set(self.said(None))  # the fixture's own warnings: it holds two articles only

    def said(self, severity: Severity | None = Severity.ERROR) -> list[str]:
        """Every new diagnostic of the folder (of ``severity``, or all), as printed."""
        result = run_uncached("statutes", cache=False)
        return [str(d) for d in result.diagnostics if (severity is None or d.severity is severity)
                and str(d) not in self.known]


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """The excerpt fixture as ``statutes/`` in a folder that is the current one, so that diagnostics name ``statutes/…``."""
    shutil.copytree(FIXTURES, tmp_path / "statutes")
    monkeypatch.chdir(tmp_path)
    return Folder(tmp_path)


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


def instruments() -> list[str]:
    return [i.id for i in run_uncached("statutes", cache=False).linked.corpus.instruments]


# -- the file system -------------------------------------------------------------------------------

def test_a_dangling_symbolic_link_is_named_and_the_rest_still_validates(project):
    os.symlink("missing.yaml", "statutes/cn/dangling.yaml")
    assert project.said() == ["statutes/cn/dangling.yaml:0:0: the file is a symbolic link to missing.yaml, which does not exist; "
                      "it is not read (put the file itself here: statute files are ordinary files kept in the repository)"]
    assert instruments() == ["cn/excerpt"]


def test_a_symbolic_link_to_a_file_outside_is_not_published(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    shutil.copy(EXCERPT, outside)
    edit(str(outside), "id: cn/excerpt", "id: cn/secret")
    os.symlink(outside, "statutes/cn/secret.yaml")
    assert project.said() == [f"statutes/cn/secret.yaml:0:0: the file is a symbolic link to {outside}; it is not read "
                      "(put the file itself here: statute files are ordinary files kept in the repository)"]
    assert instruments() == ["cn/excerpt"]


def test_a_symbolic_link_to_a_folder_is_not_followed(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(EXCERPT, outside / "excerpt.yaml")
    os.symlink(outside, "statutes/us")
    assert project.said() == [f"statutes/us:0:0: the folder is a symbolic link to {outside}; it is not followed (put the folder itself here)"]


def test_a_folder_named_like_a_statute_file(project):
    Path("statutes/cn/something.yaml").mkdir()
    assert project.said() == ["statutes/cn/something.yaml:0:0: this is a folder, but its name ends like a statute file's "
                      "(rename the folder (without .yaml))"]


@pytest.mark.parametrize("name, fixed", [("x.yml", "x.yaml"), ("x.YAML", "x.yaml"), ("x.Yml", "x.yaml")])
def test_other_spellings_of_the_extension_are_named_not_ignored(project, name, fixed):
    shutil.copy(EXCERPT, f"statutes/cn/{name}")
    assert project.said() == [f"statutes/cn/{name}:0:0: the file is not read: statute files end in '.yaml' (rename it to {fixed})"]


def test_files_outside_the_folders_of_their_kind(project):
    shutil.copy(EXCERPT, "statutes/excerpt.yaml")
    Path("statutes/xx").mkdir()
    shutil.copy(EXCERPT, "statutes/xx/a.yaml")
    Path("statutes/cn/old").mkdir()
    shutil.copy(EXCERPT, "statutes/cn/old/b.yaml")
    Path("statutes/cn/notes.txt").write_text("not a statute file")
    Path("statutes/cn/.excerpt.yaml.swp").write_text("an editor's")
    assert project.said() == [
        "statutes/cn/old/b.yaml:0:0: the file is not read: statute files are one folder deep (move it to statutes/cn/b.yaml)",
        "statutes/excerpt.yaml:0:0: the file is not read: an instrument's file belongs in the folder of its jurisdiction "
        "(move it to statutes/<jurisdiction>/excerpt.yaml, the jurisdiction one of cn, us, us-ca, eu)",
        "statutes/xx/a.yaml:0:0: the file is not read: 'xx' is not a jurisdiction or a folder of comparison data "
        "(use a folder named cn, us, us-ca, eu or topics, successions, proposals)",
    ]


def test_a_named_pipe_is_not_read(project):
    os.mkfifo("statutes/cn/pipe.yaml")
    assert project.said() == ["statutes/cn/pipe.yaml:0:0: the file is not an ordinary file; it is not read (replace it with an ordinary file)"]


def test_an_unreadable_file(project, monkeypatch):
    real = Path.read_bytes

    def refuse(self):
        if self.name == "excerpt.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert project.said() == ["statutes/cn/excerpt.yaml:0:0: cannot read the file: Permission denied "
                      "(make the file readable by the user who runs build-kb)"]


@pytest.mark.parametrize("encode, message", [
    (lambda t: t.encode("utf-16"), "statutes/cn/excerpt.yaml:1:1: the file is not valid UTF-8 (save the file as UTF-8, not GBK, GB18030 or UTF-16)"),
    (lambda t: t.encode("gbk"), "statutes/cn/excerpt.yaml:4:7: the file is not valid UTF-8 (save the file as UTF-8, not GBK, GB18030 or UTF-16)"),
    (lambda t: b"\xef\xbb\xbf" + t.encode(), "statutes/cn/excerpt.yaml:1:1: the file starts with a byte-order mark (BOM) "
                                             "(save the file as UTF-8 without BOM)"),
])
def test_encodings(project, encode, message):
    text = Path(EXCERPT).read_text(encoding="utf-8")
    Path(EXCERPT).write_bytes(encode(text))
    assert project.said() == [message]


# -- structure -------------------------------------------------------------------------------------

def test_a_provision_tree_hundreds_of_levels_deep(project):
    lines = ["          - eid: art_45__para_2__item_1", "            text:", "              zh: 一"]
    indent = "            "
    for level in range(300):
        lines += [f"{indent}children:", f"{indent}  - eid: art_45__para_2__item_1{'__point_a' * (level + 1)}",
                  f"{indent}    text:", f"{indent}      zh: 一"]
        indent += "    "
    edit(EXCERPT, "  - eid: chp_4\n", "  - eid: chp_4\n")
    text = Path(EXCERPT).read_text(encoding="utf-8").rstrip("\n") + "\n        children:\n" + "\n".join(lines) + "\n"
    Path(EXCERPT).write_text(text, encoding="utf-8")
    [message] = project.said()
    assert message.startswith("statutes/cn/excerpt.yaml:")
    assert message.endswith(": the file nests more than 64 levels deep (check the indentation: a provision's children are "
                            "indented under its 'children:' key, and no statute nests that deep)")


def test_an_empty_list_of_provisions(project):
    text = Path(EXCERPT).read_text(encoding="utf-8")
    Path(EXCERPT).write_text(text[:text.index("provisions:")] + "provisions: []\n", encoding="utf-8")
    assert project.said() == ["statutes/cn/excerpt.yaml:25:13: provisions is empty (fill it in or remove the field)"]


# -- text ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("char, what, hint", [
    ("\\x07", "a control character, U+0007", "delete it"),
    ("\\t", "a tab, U+0009", "type a space instead"),
    ("\\u200b", "an invisible character, U+200B (zero width space)", "delete it"),
    ("\\ufeff", "an invisible character, U+FEFF (zero width no-break space)", "delete it"),
    ("\\u202e", "a character that changes the direction of text, U+202E (right-to-left override)",
     "delete it: it makes the text read otherwise on screen than in the file"),
    ("\\u2066", "a character that changes the direction of text, U+2066 (left-to-right isolate)",
     "delete it: it makes the text read otherwise on screen than in the file"),
    ("\\u2028", "a line or paragraph separator, U+2028 (line separator)",
     "start a new line instead, or a new paragraph (a new 'text')"),
])
def test_characters_no_statute_holds(project, char, what, hint):
    edit(EXCERPT, "zh: 紧急情况下为保护", f'zh: "紧急{char}情况下为保护')
    edit(EXCERPT, "应当在紧急情况消除后及时告知。", '应当在紧急情况消除后及时告知。"')
    assert project.said() == [f"statutes/cn/excerpt.yaml:41:19: art_18__para_2: character 3 of the value is {what} ({hint})"]


def test_a_full_width_digit_is_a_warning_and_the_file_still_builds(project):
    edit(EXCERPT, "zh: 紧急情况下为保护", "zh: 紧急情况１下为保护")
    assert project.said() == []
    assert project.said(Severity.WARNING) == ["statutes/cn/excerpt.yaml:41:19: warning: art_18__para_2: character 5 of the value is the "
                                      "full-width '１' (U+FF11) (type '1' unless the official text has the full-width form)"]
    assert instruments() == ["cn/excerpt"]


def test_an_unquoted_hash_that_truncates_the_text(project):
    edit(EXCERPT, "en: PIPL excerpt", "en: PIPL excerpt #2")
    assert project.said() == ["statutes/cn/excerpt.yaml:8:20: the text from ' #' on is a YAML comment, so the value stops before it "
                      "(put the whole value in quotes ('…'); a comment meant as one needs two spaces before '#')"]


def test_lint_fix_does_not_write_back_a_truncated_value(project):
    from click.testing import CliRunner

    from build_kb.cli import main

    edit(EXCERPT, "en: PIPL excerpt", "en: PIPL excerpt #2")
    before = Path(EXCERPT).read_bytes()
    result = CliRunner().invoke(main, ["lint", "--fix"])
    assert result.exit_code == 1
    assert "statutes/cn/excerpt.yaml:8:20: the text from ' #' on is a YAML comment" in result.output
    assert Path(EXCERPT).read_bytes() == before


# -- ranges ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, span", [
    ("第四十五条至第十八条", "0-10"),
    ("本法第十八条第二款至第一款", "0-13"),
    ("第十八条第一款第七项至第二项", "0-14"),
])
def test_a_range_that_runs_backwards_is_a_warning(project, written, span):
    edit(EXCERPT, "zh: 紧急情况下为保护", f"zh: {written}紧急情况下为保护")
    assert project.said() == []
    assert project.said(Severity.WARNING) == [f"statutes/cn/excerpt.yaml:41:19: warning: art_18__para_2: unresolved reference {written!r} "
                                      f"at characters {span}: the range {written} runs backwards: it ends before it starts "
                                      "(check the number, or add the instrument it names)"]


def test_a_huge_range_is_a_warning_not_a_huge_list(project):
    edit(EXCERPT, "zh: 紧急情况下为保护", "zh: 第十八条第一款第一项至第九千九百九十九项紧急情况下为保护")
    assert project.said(Severity.WARNING) == ["statutes/cn/excerpt.yaml:41:19: warning: art_18__para_2: unresolved reference "
                                      "'第十八条第一款第一项至第九千九百九十九项' at characters 0-20: 第十八条第一款第一项至第九千九百九十九项 names item 1, "
                                      "which paragraph 1 of article 18 does not have (check the number, or add the instrument it names)"]


def test_ranges_that_run_backwards_in_us_and_eu_law(project):
    for name in ("us/glba.yaml", "eu/gdpr.yaml"):
        Path("statutes", name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "statutes" / name, Path("statutes", name))
    edit("statutes/us/glba.yaml", "en: It is the policy of the Congress", "en: See 15 U.S.C. 6809–6801. It is the policy of the Congress")
    gdpr = Path("statutes/eu/gdpr.yaml").read_text(encoding="utf-8")
    at = gdpr.index("en: ", gdpr.index("eid: art_17__para_1\n")) + 4
    Path("statutes/eu/gdpr.yaml").write_text(gdpr[:at] + "Articles 22 to 15 and points (h) to (a) of Article 9(2). " + gdpr[at:],
                                            encoding="utf-8")
    warnings = [w for w in project.said(Severity.WARNING) if "backwards" in w]
    assert [w.split(": warning: ", 1)[1] for w in warnings] == [
        "art_17__para_1: unresolved reference '22 to 15' at characters 9-17: the range 22 to 15 runs backwards: "
        "it ends before it starts (check the number, or add the instrument it names)",
        "art_17__para_1: unresolved reference 'points (h) to (a) of Article 9(2)' at characters 22-55: the range points (h) "
        "to (a) of Article 9(2) runs backwards: it ends before it starts (check the number, or add the instrument it names)",
        "sec_6801__subsec_a: unresolved reference '15 U.S.C. 6809–6801' at characters 4-23: the range 15 U.S.C. 6809–6801 "
        "runs backwards: it ends before it starts (check the number, or add the instrument it names)",
    ]
    assert project.said() == []


# -- identifiers -----------------------------------------------------------------------------------

def test_a_reserved_slug(project):
    shutil.move(EXCERPT, "statutes/cn/index.yaml")
    edit("statutes/cn/index.yaml", "id: cn/excerpt", "id: cn/index")
    assert project.said() == ["statutes/cn/index.yaml:2:5: the slug 'index' is reserved: its page would be the page of the jurisdiction's "
                      "folder (choose another slug, and name the file after it)"]


def test_a_file_name_in_capitals(project):
    shutil.move(EXCERPT, "statutes/cn/Excerpt.yaml")
    assert project.said() == ["statutes/cn/Excerpt.yaml:2:5: the id 'cn/excerpt' does not match the file's place "
                      "(a file at statutes/cn/Excerpt.yaml must have 'id: cn/Excerpt')"]


def test_an_id_whose_jurisdiction_contradicts_the_field(project):
    edit(EXCERPT, "jurisdiction: cn", "jurisdiction: us")
    assert project.said() == ["statutes/cn/excerpt.yaml:9:15: the id 'cn/excerpt' is of jurisdiction 'cn', but the file says "
                      "jurisdiction: us (make them agree: an instrument of statutes/<jurisdiction>/ has the id <jurisdiction>/<slug>)"]


def test_an_id_in_another_jurisdictions_folder(project):
    Path("statutes/us").mkdir()
    shutil.move(EXCERPT, "statutes/us/excerpt.yaml")
    assert project.said() == ["statutes/us/excerpt.yaml:2:5: the id 'cn/excerpt' does not match the file's place "
                      "(a file at statutes/us/excerpt.yaml must have 'id: us/excerpt')"]


# -- dates and statuses ----------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("status: in_force", "status: repealed\nceased: '2020-01-01'",
     "statutes/cn/excerpt.yaml:17:9: the instrument ceased (2020-01-01) before it was adopted (2021-08-20) (check both dates)"),
    ("status: in_force", "status: repealed\nceased: '2021-09-01'",
     "statutes/cn/excerpt.yaml:17:9: the instrument ceased (2021-09-01) before it took effect (2021-11-01) (check both dates)"),
    ("status: in_force", "status: in_force\nceased: '2024-01-01'",
     "statutes/cn/excerpt.yaml:17:9: the instrument is in force, but ceased on 2024-01-01 "
     "(set 'status: repealed' (or superseded), or correct the date)"),
    ("status: in_force", "status: repealed\nceased: '2999-01-01'",
     "statutes/cn/excerpt.yaml:17:9: the instrument is repealed, but ceases only on 2999-01-01 "
     "(keep 'status: in_force' until that day (a date to come may stand beside it))"),
    ("effective: '2021-11-01'", "effective: '2999-11-01'",
     "statutes/cn/excerpt.yaml:15:12: the instrument is in force, but takes effect only on 2999-11-01 "
     "(set 'status: not_yet_in_force', or correct the date)"),
    ("status: in_force", "status: not_yet_in_force",
     "statutes/cn/excerpt.yaml:15:12: the instrument is not yet in force, but took effect on 2021-11-01 "
     "(set 'status: in_force', or correct the date)"),
    ("status: in_force", "status: in_force\namended:\n  - '2999-01-01'",
     "statutes/cn/excerpt.yaml:18:5: the amendment of 2999-01-01 is in the future "
     "(list only the amendments that this version's text incorporates)"),
    ("status: in_force", "status: superseded\nceased: '2024-01-01'",
     "statutes/cn/excerpt.yaml:16:9: a superseded instrument must name the instrument that superseded it "
     "(add 'relations: {superseded_by: [<id>]}', or set 'status: repealed' if nothing took its place)"),
    ("status: in_force", "status: in_force\namended:\n  - '2023-01-01'\n  - '2022-01-01'",
     "statutes/cn/excerpt.yaml:19:5: the amendment of 2022-01-01 is listed after that of 2023-01-01 "
     "(list amendments once each, oldest first)"),
    ("status: in_force", "status: in_force\namended:\n  - '2020-01-01'",
     "statutes/cn/excerpt.yaml:18:5: the amendment of 2020-01-01 is before the adoption (2021-08-20) (check the date)"),
    ("retrieved: '2025-04-19'", "retrieved: '2999-01-01'",
     "statutes/cn/excerpt.yaml:19:14: the text was retrieved on 2999-01-01, which is in the future "
     "(give the date on which the text was copied)"),
])
def test_dates_and_statuses_that_contradict_each_other(project, old, new, message):
    edit(EXCERPT, old, new)
    assert project.said() == [message]


def test_an_article_lost_in_copying_is_a_warning(project):
    from build_kb.load.dump import dump
    from build_kb.load.files import load_file

    data = load_file(ROOT / "statutes" / "cn" / "pipl.yaml").data
    chapter = data["provisions"][0]
    chapter["children"] = [a for a in chapter["children"] if a["eid"] != "art_3"]
    Path("statutes/cn/pipl.yaml").write_text(dump(data, "../../schema/instrument.schema.json"), encoding="utf-8")
    assert [w for w in project.said(Severity.WARNING) if "pipl" in w] == [
        "statutes/cn/pipl.yaml:48:14: warning: art_4: 第四条 follows 第二条, 第三条 is missing "
        "(check that no article was lost in copying and that the numbers are in order)",
        "statutes/cn/pipl.yaml:603:15: warning: art_53: unresolved reference '本法第三条第二款' at characters 0-8: 本法第三条第二款 "
        "names article 3, which 个人信息保护法 does not have (check the number, or add the instrument it names)"]


def test_no_cell_of_the_gap_matrix_download_can_start_a_formula():
    from build_kb.compare.matrix import spreadsheet_text

    assert [spreadsheet_text(v) for v in ('=HYPERLINK("https://evil.example","x")', "@SUM(1+1)", "+1", "-2", "\tx", "Deletion")] == [
        '\'=HYPERLINK("https://evil.example","x")', "'@SUM(1+1)", "'+1", "'-2", "'\tx", "Deletion"]


# -- one mistake, one error; the comparison data ---------------------------------------------------

@pytest.fixture(scope="module")
def real_warnings(tmp_path_factory):
    """What the real statutes folder says, unchanged (its warnings and notes), named as from a copy."""
    folder = tmp_path_factory.mktemp("real")
    shutil.copytree(ROOT / "statutes", folder / "statutes")
    here = os.getcwd()
    os.chdir(folder)
    try:
        return {str(d) for d in run_uncached("statutes", cache=False).diagnostics}
    finally:
        os.chdir(here)


@pytest.fixture()
def real(tmp_path, monkeypatch, real_warnings):
    """A copy of the real statutes folder, the current folder's ``statutes/``."""
    shutil.copytree(ROOT / "statutes", tmp_path / "statutes")
    monkeypatch.chdir(tmp_path)

    def said() -> list[str]:
        """New errors and warnings (a law in error is not held, so what names it by title becomes a note)."""
        return [str(d) for d in run_uncached("statutes", cache=False).diagnostics
                if str(d) not in real_warnings and d.severity is not Severity.NOTE]

    return said


def test_one_mistake_in_a_law_that_topics_and_proposals_name_is_one_error(real):
    edit("statutes/cn/pipl.yaml", "adopted: '2021-08-20'", "adopted: '2021-02-30'")
    assert real() == ["statutes/cn/pipl.yaml:14:10: '2021-02-30' is not a real date (check the month and the day)"]


def test_a_succession_table_that_runs_backwards(real):
    text = Path("statutes/successions/csl-2016--csl-2025.yaml").read_text(encoding="utf-8")
    text = text.replace("from: cn/csl-2016\nto: cn/csl-2025", "from: cn/csl-2025\nto: cn/csl-2016", 1)
    Path("statutes/successions/csl-2016--csl-2025.yaml").unlink()
    Path("statutes/successions/csl-2025--csl-2016.yaml").write_text(text, encoding="utf-8")
    assert real()[:1] == ["statutes/successions/csl-2025--csl-2016.yaml:2:7: the table runs backwards: cn/csl-2016 was superseded "
                          "by cn/csl-2025 (swap 'from' and 'to' (and name the file csl-2016--csl-2025.yaml))"]


def test_a_split_with_one_target_and_an_article_listed_twice(real):
    path = "statutes/successions/csl-2016--csl-2025.yaml"
    edit(path, "  - from: art_2\n    to:\n      - art_2\n    change: identical",
         "  - from: art_2\n    to:\n      - art_2\n    change: split\n  - from: art_2\n    to:\n      - art_3\n    change: amended")
    assert real() == [
        f"{path}:14:13: art_2: a split article has one target (list every article it was split into, or use change: amended (or identical))",
        f"{path}:15:11: art_2: art_2 is listed twice (first at line 11) (give each article of the earlier instrument one entry, "
        "with all its targets)"]


def test_a_topic_that_is_its_own_parent(real):
    edit("statutes/topics/deletion.yaml", "id: deletion\n", "id: deletion\nparent: deletion\n")
    [said] = real()
    assert said.startswith("statutes/topics/deletion.yaml:3:9: the topic is its own parent, through deletion → deletion")


def test_a_proposal_id_the_page_uses_and_a_topic_listed_twice(real):
    path = next(Path("statutes/proposals").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    first_topic = text.split("topics:\n", 1)[1].split("\n", 1)[0]
    text = text.replace("topics:\n", f"topics:\n{first_topic}\n", 1).replace(f"id: {path.stem}\n", "id: top\n", 1)
    path.unlink()
    Path("statutes/proposals/top.yaml").write_text(text, encoding="utf-8")
    said = real()
    assert any(s.startswith("statutes/proposals/top.yaml:") and s.endswith(": the id 'top' is reserved: the page of proposals "
                                                                           "uses it for itself (choose another id, and name the file after it)")
               for s in said), said
    assert any("is listed twice (keep one entry)" in s and s.startswith("statutes/proposals/top.yaml:") for s in said), said


# -- the site's folder -----------------------------------------------------------------------------

def _linked_site(project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "keep.txt").write_text("x")
    os.symlink(project / "elsewhere", project / "site")


def _file_site(project: Path) -> None:
    (project / "site").write_text("a file")


def _foreign_site(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "notes.txt").write_text("mine")


@pytest.mark.parametrize("make, says", [(_linked_site, "is a symbolic link to"), (_file_site, "is a file, not a folder"),
                                        (_foreign_site, "holds files that no build wrote")])
def test_a_build_never_replaces_a_folder_it_does_not_own(tmp_path, make, says):
    from build_kb.site.build import SiteBuildError, stage_site

    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    make(tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    with pytest.raises(SiteBuildError, match=says):
        stage_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


# -- more text and files ---------------------------------------------------------------------------

def test_a_hidden_statute_file_is_named(project):
    shutil.copy(EXCERPT, "statutes/cn/.draft.yaml")
    assert project.said() == ["statutes/cn/.draft.yaml:0:0: the file is not read: its name starts with '.', which hides it "
                              "(rename it to draft.yaml, or delete it)"]


def test_a_raw_nul_byte_is_placed(project):
    edit(EXCERPT, "en: PIPL excerpt", "en: PIPL\x00excerpt")
    assert project.said() == ["statutes/cn/excerpt.yaml:8:11: the file holds a control character, U+0000 (delete it)"]


@pytest.mark.parametrize("char", ["\u3164", "\u115f", "\U000e0041", "\u2800", "\ufffc"])
def test_blank_letters_that_pass_for_spaces(project, char):
    edit(EXCERPT, "en: PIPL excerpt", f"en: PIPL{char}excerpt")
    [said] = project.said()
    assert said.startswith("statutes/cn/excerpt.yaml:8:7: character 5 of the value is an invisible character, U+")


def test_one_bad_character_does_not_hide_the_files_other_mistakes(project):
    edit(EXCERPT, "en: PIPL excerpt", 'en: "PIPL\\u200bexcerpt"')
    edit(EXCERPT, "type: law", "type: lw")
    assert [s.split(": ", 1)[1] for s in project.said()] == [
        "character 5 of the value is an invisible character, U+200B (zero width space) (delete it)",
        "'lw' is not a valid type (use one of: law, regulation, judicial_interpretation, draft)"]


def test_an_empty_official_text_is_one_error(project):
    edit(EXCERPT, "zh: 紧急情况下为保护", "zh: ''\n              xx: 紧急情况下为保护")
    edit(EXCERPT, "\n              xx: ", "\n              # ")
    assert project.said() == ["statutes/cn/excerpt.yaml:41:19: art_18__para_2: zh is empty (fill it in or remove the field)"]


def test_a_chain_of_preceding_article_references_is_linked_in_linear_time(tmp_path):
    import time

    import yaml

    from build_kb.cn_numbers import article_num
    from build_kb.load.dump import dump

    data = yaml.safe_load((FIXTURES / "cn" / "excerpt.yaml").read_text(encoding="utf-8"))
    data["provisions"] = [{"eid": f"art_{n}", "num": article_num(str(n)), "text": {"zh": "依照前条规定。", "en": "As the preceding Article."}}
                          for n in range(1, 6001)]
    (tmp_path / "statutes" / "cn").mkdir(parents=True)
    (tmp_path / "statutes" / "cn" / "excerpt.yaml").write_text(dump(data), encoding="utf-8")
    started = time.perf_counter()
    result = run_uncached(tmp_path / "statutes", cache=False)
    assert time.perf_counter() - started < 10  # it took 20 s with a scan of the articles per reference
    assert len(result.linked.references) == 5999


ITEMS = """          - eid: art_45__para_2
            text:
              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。
            children:
              - eid: art_45__para_2__item_1
                num: （一）
                text:
                  zh: 甲；
              - eid: art_45__para_2__item_2
                num: {num}
                text:
                  zh: 乙。
"""


@pytest.mark.parametrize("old, new, message", [
    ("num: 第四十五条", "num: 第四十五条 个人的权利",
     "statutes/cn/excerpt.yaml:50:14: art_45: '第四十五条 个人的权利' is not an article number as printed, such as 第四十七条 or "
     "第二百五十三条之一 (keep only the number in num; a heading goes under 'heading', text under 'text')"),
    ("eid: chp_4\n    num: 第四章", "eid: chp_4\n    num: 第四条",
     "statutes/cn/excerpt.yaml:43:10: chp_4: 第四条 is an article's number, but the eId is of a chapter (use eid: art_4)"),
])
def test_printed_numbers_that_contradict_their_eid(project, old, new, message):
    edit(EXCERPT, old, new)
    assert project.said() == [message]


@pytest.mark.parametrize("num, message", [
    ("（五）", "statutes/cn/excerpt.yaml:65:22: art_45__para_2__item_2: the number （五） is item 5, but the eId says 2 "
              "(use item_5 in the eId, or correct the number)"),
    ("(2)", "statutes/cn/excerpt.yaml:65:22: art_45__para_2__item_2: '(2)' is not an item number as printed, such as （三） "
            "(write the number in full-width parentheses, as the official text prints it)"),
])
def test_item_numbers(project, num, message):
    text = Path(EXCERPT).read_text(encoding="utf-8")
    start = text.index("          - eid: art_45__para_2\n")
    end = text.index("\n", text.index("zh: 个人请求查阅", start)) + 1
    Path(EXCERPT).write_text(text[:start] + ITEMS.format(num=num) + text[end:], encoding="utf-8")
    assert [s for s in project.said() if "item" in s] == [message]
