"""build_kb: a knowledge base of personal-information and privacy law.

Pipeline (one subpackage per stage): load → validate → link → render → site, with compare and search beside them,
driven by the ``build-kb`` command (:mod:`build_kb.cli`).
"""

__version__ = "0.1.0"
