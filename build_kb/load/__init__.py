"""Stage 1, load: statute files → :class:`~build_kb.load.files.LoadedFile` records.

In: the statutes folder. Out: each file's data with the line and column of every value, and the
problems of the file as such (encoding, characters, YAML syntax, nesting) as diagnostics.

* :mod:`.files`: reading one YAML file with positions, and keeping its parse (keyed by its bytes).
* :mod:`.cache`: keeping each file's check between runs (``.build-kb/parsed``), and pruning what is stale.
* :mod:`.dump`: the canonical YAML form that ``build-kb lint`` and the importers write.
"""
