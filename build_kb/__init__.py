"""build_kb: a knowledge base of personal-information and privacy law.

Pipeline (one module per stage): load → validate → link → render → index,
driven by the ``build-kb`` command (:mod:`build_kb.cli`).
"""

__version__ = "0.1.0"
