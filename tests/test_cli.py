"""The build-kb command: help everywhere, exact exit codes, errors without tracebacks, nothing lost."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "statutes"
COMMANDS = ["validate", "build", "serve", "search", "import", "new", "lint", "check-links"]


def build_kb(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "build_kb.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: main {command}") or f"{command}" in result.output.splitlines()[0]
    assert len(result.output.splitlines()) > 4
    assert f"build-kb {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_validate_real_statutes_exits_0(result):
    linked_result, linked = result, result.linked
    result = build_kb("validate")
    assert result.returncode == 0, result.stderr
    corpus = linked.corpus
    articles = sum(len(i.articles()) for i in corpus.instruments)
    warnings = sum(1 for d in linked_result.diagnostics if d.severity.value == "warning")
    notes = sum(1 for d in linked_result.diagnostics if d.severity.value == "note")
    assert result.stdout.strip() == (f"OK: {len(corpus.instruments)} instrument(s), {articles} articles, "
                                     f"{corpus.provision_count()} provisions, {warnings} warning(s), "
                                     f"{notes} reference(s) to instruments not in the knowledge base.")
    assert "note:" not in result.stderr
    assert articles >= 74 + 79 + 206


def test_broken_file_gives_file_line_and_exit_1_without_traceback(tmp_path):
    statutes = tmp_path / "statutes"
    shutil.copytree(FIXTURES, statutes)
    path = statutes / "cn" / "excerpt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in_force", "status: in force"), encoding="utf-8")
    result = build_kb("validate", "--statutes", str(statutes), cwd=tmp_path)
    assert result.returncode == 1
    assert "statutes/cn/excerpt.yaml:16:9: 'in force' is not a valid status" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("1 error(s), 0 warning(s) in " + str(statutes) + ".")


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "CONTRIBUTING.md", project)
    shutil.copytree(FIXTURES, project / "statutes")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site")
    path = project / "statutes" / "cn" / "excerpt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("adopted: '2021-08-20'", "adopted: '2021-13-01'"), encoding="utf-8")
    result = build_kb("build", cwd=project)
    assert result.returncode == 1
    assert "statutes/cn/excerpt.yaml:14:10: '2021-13-01' is not a real date" in result.stderr
    assert (site / "index.html").read_text() == "previous good site"
    assert sorted(p.name for p in project.iterdir()) == [".build-kb", "CONTRIBUTING.md", "content", "mkdocs.yml", "site", "statutes"]
    assert [p.name for p in (project / ".build-kb").iterdir()] == ["parsed"], "only the cache of parsed files"


def test_search_finds_pipl_47_in_both_languages(tmp_path):
    index = tmp_path / "index"
    for query in ("删除", "delete personal information"):
        result = build_kb("search", query, "--index-dir", str(index), "--limit", "10")
        assert result.returncode == 0, result.stderr
        assert "cn/pipl#art_47  《中华人民共和国个人信息保护法》第四十七条 · PIPL Art. 47" in result.stdout
    result = build_kb("search", "删除", "--index-dir", str(index), "--jurisdiction", "eu")
    assert result.stdout.strip() == "No hits."


@pytest.mark.parametrize("source, instrument_id, articles", [
    ("cn/pipl_2021.md", "cn/pipl", 74),
    ("us/coppa_15usc6501-6506.md", "us/coppa", 6),
    ("eu/gdpr_2016-679_en.json", "eu/gdpr", 99),
])
def test_import_into_an_annotated_file_changes_nothing(tmp_path, sources, source, instrument_id, articles):
    encoded = ROOT / "statutes" / f"{instrument_id}.yaml"
    target = tmp_path / encoded.name
    shutil.copy(encoded, target)
    result = build_kb("import", str(sources / source), "--id", instrument_id, "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{articles} articles; updated {target}: 0 provision text(s) changed"
    assert target.read_bytes() == encoded.read_bytes()


_NOT_AN_ID = ("is not an instrument id: use '<jurisdiction>/<slug>', jurisdiction cn, us, us-ca or eu, slug in lower "
              "case, digits and '-' (e.g. cn/consumer-rights)")


@pytest.mark.parametrize("source, instrument_id, message", [
    ("README.md", "cn/readme", "no line starts with an article number such as 第一条: is this a Chinese statute in the "
                               "Markdown of the national law database?"),
    ("README.md", "cn/../../evil", f"'cn/../../evil' {_NOT_AN_ID}"),
    ("README.md", "CN/Bad", f"'CN/Bad' {_NOT_AN_ID}"),
    ("statutes", "cn/folder", "a folder, not a source file: name the file itself (e.g. sources/cn/pipl_2021.md)"),
])
def test_import_refuses_bad_input_without_traceback(tmp_path, source, instrument_id, message):
    result = build_kb("import", str(ROOT / source), "--id", instrument_id, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"{ROOT / source}: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_new_scaffolds_from_the_template_and_validate_lists_what_to_fill_in(tmp_path):
    statutes = tmp_path / "statutes"
    statutes.mkdir()
    shutil.copy(ROOT / "statutes" / "TEMPLATE.yaml", statutes)
    result = build_kb("new", "cn/consumer-rights", "--statutes", str(statutes), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = statutes / "cn" / "consumer-rights.yaml"
    lines = created.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schema/instrument.schema.json"
    assert lines[10] == "id: cn/consumer-rights"
    result = build_kb("validate", "--statutes", str(statutes), cwd=tmp_path)
    assert result.returncode == 1
    assert "statutes/cn/consumer-rights.yaml:26:10: 'YYYY-MM-DD' is not a date" in result.stderr


def test_lint_shows_a_diff_and_fix_restores_the_canonical_form(tmp_path):
    statutes = tmp_path / "statutes"
    shutil.copytree(FIXTURES, statutes)
    path = statutes / "cn" / "excerpt.yaml"
    canonical = path.read_text(encoding="utf-8").replace("../../../../schema", "../../schema")
    path.write_text(canonical.replace("type: law\n", "").replace("status: in_force\n", "status: in_force\ntype: law\n"), encoding="utf-8")
    result = build_kb("lint", "--statutes", str(statutes), cwd=tmp_path)
    assert result.returncode == 1
    assert "-type: law" in result.stdout and "+type: law" in result.stdout
    assert build_kb("lint", "--fix", "--statutes", str(statutes), cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == canonical


def test_real_statutes_are_canonical():
    result = build_kb("lint")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("query, expected", [
    ("right to erasure", "eu/gdpr#art_17  GDPR art. 17"),
    ("单独同意", "cn/pipl#art_29  《中华人民共和国个人信息保护法》第二十九条 · PIPL Art. 29"),
    ('"verifiable parental consent"', "us/coppa#sec_6502  15 U.S.C. § 6502"),
])
def test_search_lands_on_the_right_provisions(tmp_path_factory, query, expected):
    index = tmp_path_factory.getbasetemp() / "shared-index"
    result = build_kb("search", query, "--index-dir", str(index), "--limit", "5")
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_new_without_the_template_is_a_one_line_error(tmp_path):
    statutes = tmp_path / "statutes"
    statutes.mkdir()
    result = build_kb("new", "cn/bar", "--statutes", str(statutes), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{statutes / 'TEMPLATE.yaml'}: the template cannot be read (No such file or directory): "
                             "build-kb new copies TEMPLATE.yaml from the statutes folder; restore it there from the "
                             "repository, or name the folder that holds it with --statutes\n")
    assert list(statutes.iterdir()) == []
