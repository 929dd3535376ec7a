"""The U.S. Code instruments of the knowledge base: which sections of the sources' ``us/`` folder
each is, with its metadata, imported by :mod:`build_kb.importers.us_code` and written as statute files.
"""

from __future__ import annotations

from pathlib import Path

from .skeleton import write_instrument
from .us_code import parse_file

#: The instruments imported from the sources' us/ folder: slug → metadata (see the MANIFEST).
INSTRUMENTS: dict[str, dict[str, str]] = {
    "coppa": {"file": "coppa_15usc6501-6506.md", "title": "Children's Online Privacy Protection Act of 1998",
              "short": "COPPA", "adopted": "1998-10-21", "citation": "15 U.S.C. §§ 6501–6506",
              "path": "/prelim@title15/chapter91", "chunks": "chuncks/title-15/chunck-6329.md … chunck-6347.md"},
    "glba": {"file": "glba_privacy_15usc6801-6809.md",
             "title": "Gramm-Leach-Bliley Act, Title V, Subtitle A: Disclosure of Nonpublic Personal Information",
             "short": "GLBA", "adopted": "1999-11-12", "citation": "15 U.S.C. §§ 6801–6809",
             "path": "/prelim@title15/chapter94/subchapter1",
             "chunks": "chuncks/title-15/chunck-6505.md … chunck-6530.md"},
    "fcra": {"file": "fcra_15usc1681-1681x.md", "title": "Fair Credit Reporting Act", "short": "FCRA",
             "adopted": "1970-10-26", "citation": "15 U.S.C. §§ 1681–1681x", "path": "/prelim@title15/chapter41/subchapter3",
             "chunks": "chuncks/title-15/chunck-3942.md … chunck-4082.md"},
    "vppa": {"file": "vppa_18usc2710.md", "title": "Video Privacy Protection Act of 1988", "short": "VPPA",
             "adopted": "1988-11-05", "citation": "18 U.S.C. § 2710", "section": "title18-section2710",
             "chunks": "chuncks/title-18/chunck-1572.md … chunck-1577.md"},
    "tcpa": {"file": "tcpa_47usc227.md", "title": "Telephone Consumer Protection Act of 1991", "short": "TCPA",
             "adopted": "1991-12-20", "citation": "47 U.S.C. § 227", "section": "title47-section227",
             "chunks": "chuncks/title-47/chunck-181.md … chunck-190.md"},
    "can-spam": {"file": "can_spam_15usc7701-7713.md",
                 "title": "Controlling the Assault of Non-Solicited Pornography and Marketing Act of 2003",
                 "short": "CAN-SPAM Act", "adopted": "2003-12-16", "citation": "15 U.S.C. §§ 7701–7713",
                 "path": "/prelim@title15/chapter103", "chunks": "chuncks/title-15/chunck-6878.md … chunck-6912.md"},
    "privacy-act": {"file": "privacy_act_5usc552a.md", "title": "Privacy Act of 1974", "short": "Privacy Act",
                    "adopted": "1974-12-31", "citation": "5 U.S.C. § 552a", "section": "title5-section552a",
                    "chunks": "chuncks/title-05/chunck-178.md … chunck-198.md"},
    "ferpa": {"file": "ferpa_20usc1232g.md", "title": "Family Educational Rights and Privacy Act of 1974",
              "short": "FERPA", "adopted": "1974-08-21", "citation": "20 U.S.C. § 1232g",
              "section": "title20-section1232g", "chunks": "chuncks/title-20/chunck-2380.md … chunck-2392.md"},
    "dppa": {"file": "dppa_18usc2721-2725.md", "title": "Driver's Privacy Protection Act of 1994", "short": "DPPA",
             "adopted": "1994-09-13", "citation": "18 U.S.C. §§ 2721–2725", "path": "/prelim@title18/part1/chapter123",
             "chunks": "chuncks/title-18/chunck-1585.md … chunck-1596.md"},
    "sca": {"file": "sca_18usc2701-2713_excl2710.md",
            "title": "Stored Communications Act (Electronic Communications Privacy Act of 1986, Title II)",
            "short": "SCA", "adopted": "1986-10-21", "citation": "18 U.S.C. §§ 2701–2709, 2711–2713",
            "path": "/prelim@title18/part1/chapter121",
            "chunks": "chuncks/title-18/chunck-1535.md … chunck-1571.md, chunck-1578.md … chunck-1584.md"},
}

_REPOSITORY = "codexstanford/markdonw-chunck-of-the-usa-code"
_COMMIT = "66d0b20a5e0521c0ffa33fe40368e4148bff046b"
_LICENCE = "17 U.S.C. § 105: works of the United States Government are not protected by copyright"
_NOTE = ("OLRC text as of early 2023; statutory notes are not included; em dashes after lead-ins restored and "
         "spaces before punctuation removed (see content/sources.md)")


def _url(meta: dict[str, str]) -> str:
    if "section" in meta:
        return f"https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-{meta['section']}&num=0&edition=prelim"
    return f"https://uscode.house.gov/view.xhtml?path={meta['path']}&edition=prelim"


def instrument(slug: str, sources: str | Path) -> dict:
    """The whole instrument ``us/<slug>`` (metadata of :data:`INSTRUMENTS` and the parsed provisions).

    Args:
        slug: a key of :data:`INSTRUMENTS`.
        sources: the sources folder (the one holding ``us/``).
    """
    meta = INSTRUMENTS[slug]
    return {
        "id": f"us/{slug}",
        "title": {"en": meta["title"]},
        "short_title": {"en": meta["short"]},
        "jurisdiction": "us",
        "type": "law",
        "issuing_body": {"en": "United States Congress"},
        "adopted": meta["adopted"],
        "status": "in_force",
        "citation": {"en": meta["citation"]},
        "source": {
            "url": _url(meta),
            "retrieved": "2023-04-20",
            "official_language": "en",
            "copied_from": {"repository": _REPOSITORY, "commit": _COMMIT, "path": meta["chunks"]},
            "file": f"us/{meta['file']}",
            "licence": _LICENCE,
            "note": _NOTE,
        },
        "provisions": parse_file(Path(sources) / "us" / meta["file"]),
    }


def write_all(sources: str | Path, statutes: str | Path) -> list[Path]:
    """Write ``statutes/us/<slug>.yaml`` for every instrument of :data:`INSTRUMENTS`, in canonical form."""
    return [write_instrument(instrument(slug, sources), Path(statutes) / "us" / f"{slug}.yaml") for slug in INSTRUMENTS]


if __name__ == "__main__":  # python -m build_kb.importers.us_sources [SOURCES] [STATUTES]
    import sys

    for written_path in write_all(*(sys.argv[1:3] or ("sources", "statutes"))):
        print(written_path)
