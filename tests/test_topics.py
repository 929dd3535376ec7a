"""Topics: members are real provisions, parents real topics; pages show them; both schemas work with check-jsonschema."""

import subprocess
import sys
from pathlib import Path

from build_kb.load.files import load_text
from build_kb.model import ProvisionId
from build_kb.validate.topics import validate_topics

ROOT = Path(__file__).resolve().parent.parent
TOPIC = """id: deletion
label:
  zh: 删除
  en: Deletion / erasure
description:
  en: When personal information must be deleted.
members:
  - provision: cn/pipl#art_47
    note:
      en: Five triggers.
coverage:
  cn: full
  us: none
  us-ca: none
  eu: none
"""


def topic_problems(linked, text, name="statutes/topics/deletion.yaml"):
    _, diagnostics = validate_topics([load_text(text, name)], linked.corpus)
    return [str(d) for d in diagnostics]


def test_the_deletion_topic_holds_pipl_47_and_csl_43(linked):
    topic = next(t for t in linked.corpus.topics if t.id == "deletion")
    members = [m.provision for m in topic.members]
    assert ProvisionId("cn/pipl", "art_47") in members and ProvisionId("cn/csl-2016", "art_43") in members
    assert topic_problems(linked, TOPIC) == []


def test_unknown_parent_topic(linked):
    assert topic_problems(linked, TOPIC.replace("members:", "parent: rights-of-individuals\nmembers:")) == [
        "statutes/topics/deletion.yaml:7:9: unknown topic 'rights-of-individuals' (use the id of a file in statutes/topics/, such as deletion)"]


def test_unknown_member_provision(linked):
    assert topic_problems(linked, TOPIC.replace("cn/pipl#art_47", "cn/pipl#art_75")) == [
        "statutes/topics/deletion.yaml:8:16: PIPL has no provision 'art_75' (check the eId on the instrument's page: the ¶ link of each article)"]
    assert topic_problems(linked, TOPIC.replace("cn/pipl#art_47", "us/no-such-act#sec_1")) == [
        "statutes/topics/deletion.yaml:8:16: 'us/no-such-act' is not in the knowledge base (check the instrument id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>)"]


def test_topic_id_must_match_the_file_name(linked):
    assert topic_problems(linked, TOPIC, "statutes/topics/erasure.yaml") == [
        "statutes/topics/erasure.yaml:1:5: the id 'deletion' does not match the file name (a file named erasure.yaml must have 'id: erasure')"]


def test_article_footer_lists_its_topics(linked):
    from build_kb.render.pages import render_pages

    page = render_pages(linked)["cn/pipl.md"]
    art_47 = page.split('<h4 id="art_47">')[1].split("</article>")[0]
    assert '<span class="kb-label">Topics</span> <a href="../../topics/deletion/">Deletion / erasure (删除)</a>' in art_47
    assert '<a href="../../proposals/#right-of-deletion">' in art_47


def test_schemas_work_with_check_jsonschema():
    for schema, files in (("instrument", sorted((ROOT / "statutes").glob("[a-z]*/*.yaml"))), ):
        files = [f for f in files if f.parent.name not in ("topics", "successions", "proposals")]
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "schema" / f"{schema}.schema.json"),
                                 *map(str, files)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    topics = sorted((ROOT / "statutes" / "topics").glob("*.yaml"))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "schema" / "topic.schema.json"),
                             *map(str, topics)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(topics) >= 20
    tables = sorted((ROOT / "statutes" / "successions").glob("*.yaml"))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "schema" / "succession.schema.json"),
                             *map(str, tables)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(tables) == 3
    proposals = sorted((ROOT / "statutes" / "proposals").glob("*.yaml"))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "schema" / "proposal.schema.json"),
                             *map(str, proposals)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(proposals) >= 20


def test_coverage_must_agree_with_the_members(linked):
    assert topic_problems(linked, TOPIC.replace("us: none", "us: partial")) == [
        "statutes/topics/deletion.yaml:13:7: coverage of us is 'partial' but the topic lists none of its provisions "
        "(add the United States (federal) provisions behind the rating, or rate it 'none')"]
    assert topic_problems(linked, TOPIC.replace("cn: full", "cn: none")) == [
        "statutes/topics/deletion.yaml:12:7: coverage of cn is 'none' but the topic lists 1 of its provisions "
        "(rate it 'partial' or 'full', or remove those members)"]
    assert topic_problems(linked, TOPIC.replace("  eu: none\n", "")) == [
        "statutes/topics/deletion.yaml:12:3: the required field 'eu' is missing "
        "(add 'eu: …'; schema/topic.schema.json describes every field)"]


def test_a_malformed_provision_id_gets_an_example(linked):
    assert topic_problems(linked, TOPIC.replace("cn/pipl#art_47", "cn/pipl art_47")) == [
        "statutes/topics/deletion.yaml:8:16: 'cn/pipl art_47' is not a provision id "
        "(write the instrument id, '#', and the eId: cn/pipl#art_47, us/coppa#sec_6502__subsec_b)"]


def test_a_chapter_is_not_a_member(linked):
    assert topic_problems(linked, TOPIC.replace("cn/pipl#art_47", "cn/pipl#chp_4")) == [
        "statutes/topics/deletion.yaml:8:16: 'chp_4' is a chapter, not an article "
        "(list articles (sections, recitals) or their paragraphs and items, e.g. cn/pipl#art_47)"]
