"""Stage 2, validate: loaded files → checked records → the :class:`~build_kb.model.Corpus`.

In: :class:`~build_kb.load.files.LoadedFile` records. Out: the corpus of the files without errors,
and every diagnostic of every file, in one pass.

* :mod:`.instruments`: the instrument files (schema, eIds, numbering, dates and statuses).
* :mod:`.topics`, :mod:`.successions`, :mod:`.proposals`: the topics of comparison, the succession
  tables and the founding paper's proposals, checked against the corpus of instruments.
* :mod:`.lint`: the canonical form of a file (``build-kb lint``).
"""
