"""Stage 2: every mistake in one pass, as file:line:col: id: message (hint)."""

from pathlib import Path

import pytest

from build_kb.load.files import load_text
from build_kb.validate.instruments import check_file, validate

FIXTURE = Path(__file__).parent / "fixtures" / "statutes" / "cn" / "excerpt.yaml"
NAME = "statutes/cn/excerpt.yaml"
GOOD = FIXTURE.read_text(encoding="utf-8")


def problems(text: str, name: str = NAME) -> list[str]:
    return [str(d) for d in check_file(load_text(text, name))]


def test_the_fixture_is_valid():
    assert problems(GOOD) == []


@pytest.mark.parametrize("old, new, expected", [
    ("status: in_force", "status: in-force",
     "statutes/cn/excerpt.yaml:16:9: 'in-force' is not a valid status (use one of: in_force, not_yet_in_force, repealed, superseded, draft)"),
    ("jurisdiction: cn", "jurisdiction: NO",
     "statutes/cn/excerpt.yaml:9:15: 'NO' is not a valid jurisdiction (use one of: cn, us, us-ca, eu)"),
    ("type: law", "type: statute",
     "statutes/cn/excerpt.yaml:10:7: 'statute' is not a valid type (use one of: law, regulation, judicial_interpretation, draft)"),
    ("adopted: '2021-08-20'", "adopted: '2021-02-30'",
     "statutes/cn/excerpt.yaml:14:10: '2021-02-30' is not a real date (check the month and the day)"),
    ("adopted: '2021-08-20'", "adopted: 20 August 2021",
     "statutes/cn/excerpt.yaml:14:10: '20 August 2021' is not a date (write dates as YYYY-MM-DD, e.g. 2021-08-20)"),
    ("effective: '2021-11-01'", "effective: '2020-11-01'",
     "statutes/cn/excerpt.yaml:15:12: the effective date is before the adoption date (check both dates)"),
    ("type: law\n", "",
     "statutes/cn/excerpt.yaml:2:1: the required field 'type' is missing (add 'type: …'; statutes/TEMPLATE.yaml shows every field)"),
    ("status: in_force", "status: in_force\nstatuss: x",
     "statutes/cn/excerpt.yaml:17:1: unknown field 'statuss' (did you mean 'status'?)"),
    ("status: in_force", "status: repealed",
     "statutes/cn/excerpt.yaml:16:9: a repealed instrument needs the date it ceased to have effect (add 'ceased: YYYY-MM-DD')"),
    ("id: cn/excerpt", "id: cn/../excerpt",
     "statutes/cn/excerpt.yaml:2:5: 'cn/../excerpt' is not an instrument id (use '<jurisdiction>/<slug>' in lower case, e.g. cn/pipl (no '..', no further '/'))"),
    ("id: cn/excerpt", "id: cn/other",
     "statutes/cn/excerpt.yaml:2:5: the id 'cn/other' does not match the file's place (a file at statutes/cn/excerpt.yaml must have 'id: cn/excerpt')"),
    ("- eid: art_45\n", "- eid: art_18\n",
     "statutes/cn/excerpt.yaml:49:14: art_18: the eId 'art_18' is used twice (first at line 32) (give each provision its own number)"),
    ("- eid: art_45__para_2\n", "- eid: art_45__para_1\n",
     "statutes/cn/excerpt.yaml:56:18: art_45__para_1: the eId 'art_45__para_1' is used twice (first at line 52) (give each provision its own number)"),
    ("- eid: art_45__para_2\n", "- eid: art_44__para_2\n",
     "statutes/cn/excerpt.yaml:56:18: art_44__para_2: the eId does not continue its parent's (art_45) (write art_45__para_2)"),
    ("- eid: art_45__para_2\n", "- eid: art_45/para_2\n",
     "statutes/cn/excerpt.yaml:56:18: art_45/para_2: 'art_45/para_2' is not an Akoma Ntoso eId (use lower-case kind, '_', number, joined by '__': art_47, art_13__para_1__item_2)"),
    ("- eid: art_45\n", "- eid: item_45\n",
     "statutes/cn/excerpt.yaml:49:14: item_45: an item cannot stand directly under a chapter (allowed there: subchapter, section, article)"),
    ("- eid: art_45\n", "- eid: clause_45\n",
     "statutes/cn/excerpt.yaml:49:14: clause_45: a clause cannot stand directly under a chapter (allowed there: subchapter, section, article)"),
    ("- eid: art_45\n", "- eid: foo_45\n",
     "statutes/cn/excerpt.yaml:49:14: foo_45: unknown kind 'foo' in the eId (use one of: book, title, part, chp, subchp, sec, art, rct, subsec, para, subpara, item, subitem, point, indent, clause, subclause)"),
    ("              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n", "              en: Individuals may request.\n",
     "statutes/cn/excerpt.yaml:58:15: art_45__para_2: the official text (zh) is missing (add 'zh:' under 'text:' with the text as published)"),
    ("              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n",
     "              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n              en: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n",
     "statutes/cn/excerpt.yaml:59:19: art_45__para_2: the English text is mostly Chinese (put the Chinese text under 'zh:' and the translation under 'en:')"),
    ("              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n", "              fr: Les individus.\n",
     "statutes/cn/excerpt.yaml:58:15: art_45__para_2: 'fr' is not a supported language (use zh or en)"),
    ("translations:\n  en:\n    status: unofficial\n    by: the editors of this knowledge base\n", "",
     "statutes/cn/excerpt.yaml:34:19: art_18__para_1: a en text is given but no en translation is declared (add 'translations: {en: {status: unofficial}}' at the top of the file)"),
    ("          - eid: art_45__para_2\n            text:\n              zh: 个人请求查阅、复制其个人信息的，个人信息处理者应当及时提供。\n",
     "          - eid: art_45__para_2\n",
     "statutes/cn/excerpt.yaml:56:13: art_45__para_2: the provision has neither text nor children (add 'text:' with the official text)"),
    ("provisions:\n", "provisions: []\nold_provisions:\n",
     "statutes/cn/excerpt.yaml:25:13: provisions is empty (fill it in or remove the field)"),
    ("  url: https://flk.npc.gov.cn/", "  url: javascript:alert(1)",
     "statutes/cn/excerpt.yaml:18:8: 'javascript:alert(1)' has the wrong form for url (it must match ^https?://)"),
    ("    children:\n      - eid: art_18\n", "    children: art_18\n    xchildren:\n      - eid: art_18\n",
     "statutes/cn/excerpt.yaml:31:15: chp_2: children must be a list ('- ' items), not text (check the indentation of this value and the lines under it)"),
    ("  en: Personal Information Protection Law of the People's Republic of China (excerpt for tests)", "  en: TODO English title",
     "statutes/cn/excerpt.yaml:5:7: title.en is still a placeholder ('TODO English title') (replace it with the real value)"),
    ("num: 第四十五条", "num: 第四十六条",
     "statutes/cn/excerpt.yaml:50:14: art_45: the number 第四十六条 is article 46, but the eId says 45 (use eid: art_46, or correct the number)"),
    ("status: in_force", "status: !!python/object:os.system in_force",
     "statutes/cn/excerpt.yaml:16:9: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed (remove the tag; values are plain text)"),
])
def test_mistakes_give_exact_messages(old, new, expected):
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert expected in found, found


def test_every_error_in_one_pass():
    broken = (GOOD.replace("status: in_force", "status: valid").replace("type: law", "type: act")
              .replace("effective: '2021-11-01'", "effective: '2021-11-31'"))
    assert [p.split(": ", 1)[0] for p in problems(broken)] == [
        "statutes/cn/excerpt.yaml:10:7", "statutes/cn/excerpt.yaml:15:12", "statutes/cn/excerpt.yaml:16:9"]


def test_two_files_with_one_id():
    one = load_text(GOOD, "statutes/cn/excerpt.yaml")
    two = load_text(GOOD, "elsewhere/cn/excerpt.yaml")
    corpus, diagnostics = validate([one, two])
    assert len(corpus.instruments) == 1
    assert [str(d) for d in diagnostics] == ["elsewhere/cn/excerpt.yaml:2:5: the id 'cn/excerpt' is already used by statutes/cn/excerpt.yaml (give each instrument version its own id and file)"]


def test_real_statutes_are_valid(result):
    assert result.errors == []
    assert {"cn/csl-2016", "cn/gpcl", "cn/pipl"} <= {i.id for i in result.linked.corpus.instruments}


def test_template_uses_only_fields_of_the_schema():
    template = (Path(__file__).parent.parent / "statutes" / "TEMPLATE.yaml").read_text(encoding="utf-8")
    found = problems(template, "statutes/cn/example-law.yaml")
    # Only the date placeholders are left for the contributor to fill in.
    assert found and all("'YYYY-MM-DD' is not a date" in p for p in found), found


def test_a_refused_value_is_reported_once():
    found = problems(GOOD.replace("status: in_force", "status: !!python/object:os.system in_force"))
    assert len(found) == 1


def _with_relations(text: str, instrument_id: str, relations: str) -> str:
    return text.replace("id: cn/excerpt", f"id: {instrument_id}").replace("source:\n", relations + "source:\n", 1)


def test_relation_to_an_unknown_instrument():
    loaded = load_text(_with_relations(GOOD, "cn/excerpt", "relations:\n  superseded_by:\n    - cn/civil-code\n"), NAME)
    _, diagnostics = validate([loaded])
    assert [str(d) for d in diagnostics] == [
        "statutes/cn/excerpt.yaml:19:7: superseded_by names 'cn/civil-code', which is not in the knowledge base "
        "(check the id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>)"]


def test_supersession_cycle():
    a = load_text(_with_relations(GOOD, "cn/excerpt", "relations:\n  supersedes:\n    - cn/other\n"), NAME)
    b = load_text(_with_relations(GOOD, "cn/other", "relations:\n  supersedes:\n    - cn/excerpt\n"), "statutes/cn/other.yaml")
    _, diagnostics = validate([a, b])
    assert [str(d) for d in diagnostics] == [
        "statutes/cn/excerpt.yaml:19:7: supersession goes round in a circle: cn/excerpt → cn/other → cn/excerpt "
        "(an instrument cannot be superseded, directly or not, by one it superseded; remove one relation)"]


def test_relations_become_graph_edges_and_header_links():
    from build_kb.link.graph import link
    from build_kb.render.instrument import render_instrument

    a = load_text(_with_relations(GOOD, "cn/excerpt", "relations:\n  superseded_by:\n    - cn/other\n"), NAME)
    b = load_text(_with_relations(GOOD, "cn/other", "relations:\n  supersedes:\n    - cn/excerpt\n"), "statutes/cn/other.yaml")
    corpus, diagnostics = validate([a, b])
    assert diagnostics == []
    linked = link(corpus)
    assert linked.graph.has_edge("cn/excerpt", "cn/other", key="superseded_by")
    page = render_instrument(linked, corpus.get("cn/excerpt"))
    assert '<dt>Superseded by</dt><dd><a href="../other/">中华人民共和国个人信息保护法 · PIPL excerpt</a></dd>' in page


def test_schemas_use_only_keywords_the_fast_validator_knows():
    """The fast path (fastjsonschema, draft 7) must accept exactly what jsonschema (2020-12) accepts:
    so the schemas may use only keywords that mean the same in both drafts."""
    import json

    same_in_both = {"$id", "$ref", "$schema", "$defs", "additionalProperties", "description", "enum", "items", "minItems",
                    "minLength", "minProperties", "maxLength", "pattern", "propertyNames", "required", "title", "type",
                    "properties", "const", "minimum", "maximum"}
    used = set()

    def walk(node, in_names=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_names:
                    used.add(key)
                walk(value, in_names=key in ("properties", "$defs") and not in_names)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (Path(__file__).resolve().parent.parent / "schema").glob("*.schema.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert used <= same_in_both, used - same_in_both
