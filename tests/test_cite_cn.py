"""Chinese cross-references: the shapes statutes use, parsed to article, paragraph and items."""

import pytest

from build_kb.link.cite.cn import find_references
from build_kb.cn_numbers import article_designator, article_num, sort_key


@pytest.mark.parametrize("text, paragraph, expected", [
    ("除本法第十八条第一款、第三十五条规定情形外", 0, [("本法第十八条第一款", "", "18", (1,), ()), ("第三十五条", "", "35", (), ())]),
    ("有前款第二项至第七项规定情形的", 2, [("前款第二项至第七项", "previous", "", (1,), (2, 3, 4, 5, 6, 7))]),
    ("依照本法第三条第二款规定", 0, [("本法第三条第二款", "", "3", (2,), ())]),
    ("前两款规定", 3, [("前两款", "previous", "", (1, 2), ())]),
    ("本条第二款规定的", 0, [("本条第二款", "this", "", (2,), ())]),
    ("依照第一款规定", 0, [("第一款", "this", "", (1,), ())]),
    ("违反第五十五条第一款、第二款", 0, [("第五十五条第一款", "", "55", (1,), ()), ("第二款", "", "55", (2,), ())]),
    ("依照刑法第二百五十三条之一", 0, [("第二百五十三条之一", "", "253-1", (), ())]),
    ("没有引用", 0, []),
])
def test_references(text, paragraph, expected):
    found = [(r.text, r.relative, r.article, r.paragraphs, r.items) for r in find_references(text, paragraph)]
    assert found == expected


def test_other_instrument_and_list_keep_the_title():
    refs = find_references("依照《中华人民共和国网络安全法》第二十一条、第二十二条的规定", 0)
    assert [(r.title, r.article) for r in refs] == [("中华人民共和国网络安全法", "21"), ("中华人民共和国网络安全法", "22")]


def test_article_range():
    (ref,) = find_references("违反本法第二十七条至第二十九条规定", 0)
    assert (ref.article, ref.article_end) == ("27", "29")


@pytest.mark.parametrize("num, designator", [("第一条", "1"), ("第四十七条", "47"), ("第一百零五条", "105"),
                                             ("第二百五十三条之一", "253-1"), ("第一千二百六十条", "1260")])
def test_article_numbers_round_trip(num, designator):
    assert article_designator(num) == designator
    assert article_num(designator) == num


def test_article_253_1_sorts_between_253_and_254():
    assert sorted(["254", "253-1", "253", "252"], key=sort_key) == ["252", "253", "253-1", "254"]


def test_preceding_article():
    (ref,) = find_references("可以不向个人告知前条第一款规定的事项", 1)
    assert (ref.text, ref.relative, ref.paragraphs) == ("前条第一款", "previous-article", (1,))


def test_malformed_numerals_are_not_references():
    # Found by the property tests: cn2an rejects 十十, and the parser must not raise.
    assert find_references("第十十条", 0) == []


def test_cn2an_errors_of_every_kind_become_value_errors():
    # Found by the long property run: cn2an raises KeyError on 十十一.
    import pytest

    from build_kb.cn_numbers import cn_to_int

    for bad in ("十十一", "十十", "百百"):
        with pytest.raises(ValueError, match="not a well-formed Chinese numeral"):
            cn_to_int(bad)


def test_instrument_named_without_an_article():
    refs = find_references("应当遵守《中华人民共和国个人信息保护法》等法律", 0)
    assert [(r.text, r.title, r.relative) for r in refs] == [("《中华人民共和国个人信息保护法》", "中华人民共和国个人信息保护法", "instrument")]
