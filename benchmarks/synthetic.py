"""A synthetic corpus shaped like the real one, of any size, deterministic by seed.

Writes a statutes folder (instruments, topics, succession tables) that
``build-kb validate`` accepts, for measuring the pipeline at sizes the real
corpus does not reach. The shape follows the real corpus (measured on
``statutes/`` in 2026: 11,057 provisions in 2,751 articles and 173 recitals):

* Chinese laws (about two thirds of the provisions): chapters of 5–20 articles;
  an article has 1–3 paragraphs (款), one in five paragraphs has 2–7 items (项);
  Chinese text 20–160 characters per paragraph, with an English translation of
  about 3.5 words per 10 characters; one paragraph in four cites another article
  of the same law (本法第N条), one in ten the preceding paragraph (前款).
* US-style acts (the rest): sections with subsections (a), (b)…, paragraphs
  (1), (2)… and subparagraphs (A), (B)…; English text 15–90 words; one
  subsection in five cites another section (section N of this title).
* Every fifth Chinese law has a second version (an amended text of the same
  law, with a succession table: most articles identical, one in five amended,
  renumbered after an inserted article) and topics grouping about one article
  in twenty across jurisdictions.

The second shape, ``us-code``, is the one a user who adds whole codes brings: the
U.S. Code and the CFR. Each chapter of a Code title is an instrument (cited
``T U.S.C. §§ a–b``) of 20–150 sections, each section five levels deep
(subsection (a), paragraph (1), subparagraph (A), clause (i), subclause (I)),
about 15 provisions to a section; one provision in three cites another section of
the same title (often in another chapter), of another title (``section N of
title M``, ``M U.S.C. N``) or a subdivision of its own section (``subsection
(b)(1)``). A quarter of the provisions are in CFR-shaped parts (sections
``§ P.N``, paragraphs (a)(1)(i)(A)) that cite the Code sections they implement.

Usage: ``python benchmarks/synthetic.py OUT --provisions 10000 [--seed 1] [--shape mixed|us-code]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import cn2an
import yaml

ROOT = Path(__file__).resolve().parent.parent

ZH_WORDS = ("个人信息", "处理者", "应当", "依照", "法律", "行政法规", "规定", "国家", "网络", "运营者", "安全", "保护",
            "收集", "使用", "加工", "传输", "提供", "公开", "删除", "同意", "个人", "权益", "有关部门", "监督管理",
            "采取", "必要措施", "防止", "泄露", "篡改", "丢失", "告知", "目的", "方式", "范围", "合法", "正当", "必要",
            "诚信", "原则", "不得", "违反", "责任", "赔偿", "处罚", "罚款", "责令改正", "没收违法所得", "主管人员",
            "组织", "单位", "数据", "境外", "评估", "认证", "标准", "记录", "存储", "期限", "未成年人", "监护人",
            "敏感", "生物识别", "医疗健康", "金融账户", "行踪轨迹", "自动化决策", "公共利益", "履行", "职责")
ZH_LINKS = ("，", "，", "，", "、", "的", "和", "或者", "并", "对", "在")
EN_WORDS = ("personal", "information", "the", "of", "shall", "any", "person", "operator", "consumer", "data", "under",
            "this", "section", "provided", "that", "may", "not", "such", "with", "respect", "to", "child", "parent",
            "consent", "notice", "reasonable", "procedures", "protect", "confidentiality", "security", "integrity",
            "disclose", "collect", "maintain", "record", "agency", "Commission", "regulation", "prescribe", "except",
            "in", "accordance", "applicable", "law", "request", "delete", "correct", "access", "third", "party",
            "financial", "institution", "report", "violation", "civil", "penalty", "action", "court", "damages",
            "or", "and", "by", "for", "a", "an", "is", "be", "which", "each", "its", "other", "than", "as", "described")


def _zh_sentence(rng: random.Random, length: int) -> str:
    out = []
    while sum(len(w) for w in out) < length:
        out.append(rng.choice(ZH_WORDS))
        if rng.random() < 0.45:
            out.append(rng.choice(ZH_LINKS))
    return "".join(out).strip("，、") + "。"


def _en_sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(EN_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _zh_article(rng: random.Random, number: int, total: int) -> tuple[dict, int]:
    """One Chinese article and its number of provisions."""
    eid = f"art_{number}"
    article = {"eid": eid, "num": f"第{cn2an.an2cn(number)}条", "children": []}
    count = 1
    for p in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
        zh = _zh_sentence(rng, rng.randint(20, 160))
        roll = rng.random()
        if roll < 0.25 and total > 1:
            other = rng.randint(1, total)
            if other != number:
                zh = f"依照本法第{cn2an.an2cn(other)}条规定，" + zh
        elif roll < 0.35 and p > 1:
            zh = "前款" + zh
        paragraph = {"eid": f"{eid}__para_{p}", "text": {"zh": zh, "en": _en_sentence(rng, max(4, len(zh) * 35 // 100))}}
        count += 1
        if rng.random() < 0.2:
            paragraph["children"] = []
            for i in range(1, rng.randint(2, 7) + 1):
                item_zh = _zh_sentence(rng, rng.randint(8, 40)).rstrip("。") + "；"
                paragraph["children"].append({"eid": f"{eid}__para_{p}__item_{i}", "num": f"（{cn2an.an2cn(i)}）",
                                              "text": {"zh": item_zh, "en": _en_sentence(rng, max(3, len(item_zh) // 3))}})
                count += 1
        article["children"].append(paragraph)
    return article, count


def chinese_law(rng: random.Random, slug: str, provisions: int) -> tuple[dict, int]:
    """A Chinese law of about ``provisions`` provisions (chapters, articles, paragraphs, items)."""
    # Articles hold about 3.4 provisions each in the real Chinese laws.
    total = max(1, round(provisions / 3.4))
    chapters, number, count = [], 0, 0
    while number < total:
        size = min(rng.randint(5, 20), total - number)
        chapter = {"eid": f"chp_{len(chapters) + 1}", "num": f"第{cn2an.an2cn(len(chapters) + 1)}章",
                   "heading": {"zh": _zh_sentence(rng, 6).rstrip("。"), "en": _en_sentence(rng, 3).rstrip(".")},
                   "children": []}
        for _ in range(size):
            number += 1
            article, n = _zh_article(rng, number, total)
            chapter["children"].append(article)
            count += n
        chapters.append(chapter)
        count += 1
    return _header(slug, "cn", f"合成法{slug[-4:]}", "zh") | {"provisions": chapters}, count


def us_act(rng: random.Random, slug: str, provisions: int, first_section: int) -> tuple[dict, int]:
    """A US-style act of about ``provisions`` provisions, sections numbered from ``first_section``."""
    total = max(1, round(provisions / 6))
    sections, count = [], 0
    for s in range(total):
        number = first_section + s
        eid = f"sec_{number}"
        section = {"eid": eid, "num": f"§ {number}.", "heading": {"en": _en_sentence(rng, 4).rstrip(".")}, "children": []}
        count += 1
        for a in range(rng.randint(1, 4)):
            letter = "abcdefgh"[a]
            text = _en_sentence(rng, rng.randint(15, 90))
            if rng.random() < 0.2 and total > 1:
                text = f"Except as provided in section {first_section + rng.randrange(total)} of this title, " + text[0].lower() + text[1:]
            sub = {"eid": f"{eid}__subsec_{letter}", "num": f"({letter})", "text": {"en": text}}
            count += 1
            if rng.random() < 0.4:
                sub["children"] = []
                for p in range(1, rng.randint(2, 4) + 1):
                    para = {"eid": f"{eid}__subsec_{letter}__para_{p}", "num": f"({p})",
                            "text": {"en": _en_sentence(rng, rng.randint(8, 40))}}
                    count += 1
                    if rng.random() < 0.25:
                        para["children"] = [{"eid": f"{eid}__subsec_{letter}__para_{p}__subpara_{c}", "num": f"({c})",
                                             "text": {"en": _en_sentence(rng, rng.randint(6, 25))}} for c in "AB"]
                        count += 2
                    sub["children"].append(para)
            section["children"].append(sub)
        sections.append(section)
    return _header(slug, "us", f"Synthetic Act {slug[-4:]}", "en") | {"provisions": sections}, count


_US_LEVELS = (("subsec", "({})", "abcdefghijklmnop"),
              ("para", "({})", [str(n) for n in range(1, 17)]),
              ("subpara", "({})", "ABCDEFGHIJKLMNOP"),
              ("clause", "({})", ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")),
              ("subclause", "({})", ("I", "II", "III", "IV", "V", "VI")))


def _us_reference(rng: random.Random, title: int, sections: list[tuple[int, str]], own_path: list[str]) -> str:
    """A cross-reference as the U.S. Code writes it: to a section of this title or another, or a subdivision of this section."""
    roll = rng.random()
    other_title, section = rng.choice(sections)
    if roll < 0.35 and own_path:
        return f"subsection ({own_path[0]})"
    if other_title == title:
        return f"section {section} of this title"
    if roll < 0.7:
        return f"section {section} of title {other_title}"
    return f"{other_title} U.S.C. {section}"


def _us_subdivisions(rng: random.Random, eid: str, depth: int, path: list[str], refer) -> tuple[list[dict], int]:
    """Children of ``eid`` down to subclause level: 1–4 at each level, thinning with depth."""
    if depth >= len(_US_LEVELS):
        return [], 0
    level, num, designators = _US_LEVELS[depth]
    children, count = [], 0
    for designator in designators[:rng.randint(1 if depth else 2, 4 - depth // 2)]:
        child_eid = f"{eid}__{level}_{designator}"
        text = _en_sentence(rng, rng.randint(6, 40 - 5 * depth))
        if rng.random() < 1 / 3:
            text = f"Except as provided in {refer(path + [designator])}, " + text[0].lower() + text[1:]
        child = {"eid": child_eid, "num": num.format(designator), "text": {"en": text}}
        count += 1
        if depth + 1 < len(_US_LEVELS) and rng.random() < 0.55 - 0.1 * depth:
            child["children"], n = _us_subdivisions(rng, child_eid, depth + 1, path + [designator], refer)
            count += n
        children.append(child)
    return children, count


def us_code_chapter(rng: random.Random, title: int, chapter: int, first: int, count: int,
                    sections: list[tuple[int, str]]) -> tuple[dict, int]:
    """Chapter ``chapter`` of Code title ``title``: sections ``first`` … ``first + count - 1``, five levels deep."""
    body, provisions = [], 0
    for number in range(first, first + count):
        eid = f"sec_{number}"
        section = {"eid": eid, "num": f"§ {number}.", "heading": {"en": _en_sentence(rng, 4).rstrip(".")}}
        section["children"], n = _us_subdivisions(rng, eid, 0, [], lambda path: _us_reference(rng, title, sections, path))
        body.append(section)
        provisions += 1 + n
    slug = f"usc-{title}-ch{chapter}"
    data = _header(slug, "us", f"Synthetic Code Title {title}, Chapter {chapter}", "en")
    data["short_title"] = {"en": f"{title} USC ch. {chapter}"}
    data["citation"] = {"en": f"{title} U.S.C. §§ {first}–{first + count - 1}"}
    return data | {"provisions": body}, provisions


def cfr_part(rng: random.Random, title: int, part: int, count: int, sections: list[tuple[int, str]]) -> tuple[dict, int]:
    """Part ``part`` of CFR title ``title``: sections ``§ part.1`` …, paragraphs (a)(1)(i)(A), citing the Code."""
    body, provisions = [], 0
    for n in range(1, count + 1):
        eid = f"sec_{part}.{n}"
        section = {"eid": eid, "num": f"§ {part}.{n}", "heading": {"en": _en_sentence(rng, 4).rstrip(".")}}

        def refer(path: list[str]) -> str:
            code_title, code_section = rng.choice(sections)
            return f"{code_title} U.S.C. {code_section}" if rng.random() < 0.7 or not path else f"paragraph ({path[0]})"

        section["children"], k = _us_subdivisions(rng, eid, 0, [], refer)
        body.append(section)
        provisions += 1 + k
    data = _header(f"cfr-{title}-{part}", "us", f"Synthetic Regulations, {title} CFR Part {part}", "en")
    data["short_title"] = {"en": f"{title} CFR {part}"}
    data["type"] = "regulation"
    return data | {"provisions": body}, provisions


def us_code(out: Path, provisions: int, rng: random.Random) -> tuple[list[dict], int]:
    """Write Code chapters (three quarters of ``provisions``) and CFR parts (the rest) into ``out/us``."""
    # Plan every section first, so that references can point forward; the provisions to a section
    # at these depths are measured on a pilot of 500 sections.
    pilot = random.Random(0)
    per_section = 1 + sum(_us_subdivisions(pilot, "sec_1", 0, [], lambda path: "section 1 of this title")[1]
                          for _ in range(500)) / 500
    code_sections = max(20, round(provisions * 0.75 / per_section))
    plan, title, number = [], 1, 101
    while sum(c for *_, c in plan) < code_sections:
        for chapter in range(1, rng.randint(3, 12) + 1):
            count = rng.randint(20, 150)
            plan.append((title, chapter, number, count))
            number += count + rng.randint(5, 40)
        title, number = title + 1, 101
    sections = [(t, str(s)) for t, _, first, count in plan for s in range(first, first + count)]
    instruments, written = [], 0
    for t, chapter, first, count in plan:
        law, n = us_code_chapter(rng, t, chapter, first, count, sections)
        _write(out / "us" / f"usc-{t}-ch{chapter}.yaml", law, "instrument")
        instruments.append(law)
        written += n
    part = 100
    while written < provisions:
        part += rng.randint(1, 9)
        law, n = cfr_part(rng, rng.randint(1, title - 1), part, rng.randint(10, 80), sections)
        _write(out / "us" / f"cfr-{law['id'].split('-', 2)[1]}-{part}.yaml", law, "instrument")
        instruments.append(law)
        written += n
    return instruments, written


def _header(slug: str, jurisdiction: str, title: str, language: str) -> dict:
    data = {"id": f"{jurisdiction}/{slug}",
            "title": {"zh": title, "en": f"Synthetic Law {slug[-4:]}"} if language == "zh" else {"en": title},
            "short_title": {"zh": title, "en": f"SL {slug[-4:]}"} if language == "zh" else {"en": f"SA {slug[-4:]}"},
            "jurisdiction": jurisdiction, "type": "law",
            "issuing_body": {"zh": "全国人民代表大会常务委员会", "en": "Standing Committee of the National People's Congress"}
            if language == "zh" else {"en": "Congress"},
            "adopted": "2020-01-01", "effective": "2020-06-01", "status": "in_force",
            "source": {"url": "https://example.org/synthetic", "retrieved": "2026-01-01", "official_language": language,
                       "note": "Synthetic text for benchmarks; not law."}}
    if language == "zh":
        data["translations"] = {"en": {"status": "unofficial", "by": "the benchmark generator"}}
    return data


def _amended(rng: random.Random, law: dict, slug: str) -> tuple[dict, list[dict]]:
    """A second version of ``law``: an article inserted after the first, one article in five amended."""
    new = yaml.safe_load(yaml.safe_dump(law))
    new["id"] = f"cn/{slug}"
    new["adopted"], new["effective"] = "2025-01-01", "2025-06-01"
    law_articles = [a for c in law["provisions"] for a in c["children"]]
    steps, number = [], 0
    for chapter in new["provisions"]:
        renumbered = []
        for article in chapter["children"]:
            old_eid = article["eid"]
            number += 1
            if number == 2:  # the inserted article
                inserted, _ = _zh_article(rng, 2, len(law_articles) + 1)
                renumbered.append(inserted)
                number += 1
            amended = rng.random() < 0.2
            _renumber(article, number)
            if amended:
                article["children"][0]["text"]["zh"] = article["children"][0]["text"]["zh"].rstrip("。") + "，但法律另有规定的除外。"
                article["children"][0]["text"]["en"] += " Unless otherwise provided by law."
            renumbered.append(article)
            steps.append({"from": old_eid, "to": [article["eid"]], "change": "amended" if amended else "identical"})
        chapter["children"] = renumbered
    return new, steps


def _renumber(article: dict, number: int) -> None:
    old = article["eid"]
    article["num"] = f"第{cn2an.an2cn(number)}条"

    def visit(node: dict) -> None:
        node["eid"] = f"art_{number}" + node["eid"][len(old):]
        for child in node.get("children", []):
            visit(child)

    visit(article)
    for paragraph in article["children"]:  # references would point at renumbered articles: drop them
        paragraph["text"]["zh"] = paragraph["text"]["zh"].split("规定，", 1)[-1]


def generate(out: Path, provisions: int, seed: int = 1, shape: str = "mixed") -> dict:
    """Write a synthetic statutes folder of about ``provisions`` provisions into ``out`` (replaced).

    Args:
        shape: ``"mixed"`` (shaped like the real corpus) or ``"us-code"`` (the U.S. Code and the CFR).

    Returns:
        ``{"instruments": n, "provisions": n, "topics": n, "successions": n}`` as written.
    """
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("cn", "us", "topics", "successions"):
        (out / folder).mkdir(parents=True)
    written, n, section = 0, 0, 1000
    instruments: list[dict] = []
    successions = 0
    if shape == "us-code":
        instruments, written = us_code(out, provisions, rng)
    elif shape != "mixed":
        raise ValueError(f"unknown shape {shape!r}: mixed or us-code")
    while written < provisions:
        n += 1
        # Instrument sizes as in the real corpus: most small, a few the size of a code.
        size = min(provisions - written, rng.choice((150, 300, 400, 600, 1200, 4300)))
        if rng.random() < 2 / 3:
            law, count = chinese_law(rng, f"law-{n:04d}", size)
            if n % 5 == 0 and written + 2 * count <= provisions * 1.05:
                new, steps = _amended(rng, law, f"law-{n:04d}-v2")
                law["status"], law["ceased"] = "superseded", "2025-06-01"
                law["relations"] = {"superseded_by": [new["id"]]}
                new["relations"] = {"supersedes": [law["id"]]}
                _write(out / "cn" / f"law-{n:04d}-v2.yaml", new, "instrument")
                _write(out / "successions" / f"law-{n:04d}--law-{n:04d}-v2.yaml",
                       {"from": law["id"], "to": new["id"], "basis": {"en": "Synthetic."}, "articles": steps}, "succession")
                instruments.append(new)
                successions += 1
                count *= 2
            _write(out / "cn" / f"law-{n:04d}.yaml", law, "instrument")
        else:
            law, count = us_act(rng, f"act-{n:04d}", size, section)
            section += len(law["provisions"]) + 10
            _write(out / "us" / f"act-{n:04d}.yaml", law, "instrument")
        instruments.append(law)
        written += count
    topics = _topics(rng, out, instruments)
    return {"instruments": len(instruments), "provisions": written, "topics": topics, "successions": successions}


def _topics(rng: random.Random, out: Path, instruments: list[dict]) -> int:
    """About one article in twenty joins one of 20 topics."""
    articles = [(i, a) for i in instruments for c in i["provisions"] for a in ([c] if c["eid"].startswith("sec_") else c["children"])]
    count = 20
    for t in range(1, count + 1):
        members = rng.sample(articles, min(len(articles), max(1, len(articles) // 20 // count)))
        jurisdictions = {i["jurisdiction"] for i, _ in members}
        _write(out / "topics" / f"topic-{t:02d}.yaml", {
            "id": f"topic-{t:02d}", "label": {"zh": f"主题{t}", "en": f"Topic {t}"}, "description": {"en": "Synthetic."},
            "coverage": {j: ("partial" if j in jurisdictions else "none") for j in ("cn", "us", "us-ca", "eu")},
            "members": [{"provision": f"{i['id']}#{a['eid']}", "note": {"en": "Synthetic."}} for i, a in members]}, "topic")
    return count


def _write(path: Path, data: dict, schema: str) -> None:
    sys.path.insert(0, str(ROOT))
    from build_kb.load.dump import dump

    depth = len(path.relative_to(path.parents[1]).parts)
    path.write_text(dump(data, schema="../" * depth + f"schema/{schema}.schema.json"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="statutes folder to write (replaced)")
    parser.add_argument("--provisions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=("mixed", "us-code"), default="mixed")
    args = parser.parse_args()
    print(generate(args.out, args.provisions, args.seed, args.shape))


if __name__ == "__main__":
    main()
