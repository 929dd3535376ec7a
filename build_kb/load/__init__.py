"""Stage 1, load: statute files → :class:`~build_kb.load.files.LoadedFile` records.

In: the statutes folder. Out: each file's data with the line and column of every value, and the
problems of the file as such (encoding, characters, YAML syntax, nesting) as diagnostics.

* :mod:`.files`: reading one YAML file with positions; the cache of parsed files, keyed by bytes.
* :mod:`.dump`: the canonical YAML form that ``build-kb lint`` and the importers write.
"""
