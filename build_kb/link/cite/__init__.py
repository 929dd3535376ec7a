"""Citation finders: text → the references it contains, each with its span, in one legal system's style.

* :mod:`.cn`: Chinese statutes (本法第四十七条, 《中华人民共和国网络安全法》第二十一条, 前款, 第X条至第Y条).
* :mod:`.eu`: EU acts (Article 6(1)(f), points (a) to (h) of Article 58(2)).
* :mod:`.us`: the U.S. Code, the CFR and the California codes (15 U.S.C. 6502(b), § 164.524).
* :mod:`.spans`: the span record they share.
"""
