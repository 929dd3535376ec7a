"""Stage 3, link: corpus → :class:`~build_kb.link.graph.LinkedCorpus` (a networkx graph).

In: the validated corpus. Out: every cross-reference resolved to the provision it names (or a
warning), with citations, versions, amendments, topics and proposals as edges of one graph.

* :mod:`.graph`: resolving references and building the graph.
* :mod:`.cite`: the citation finders, one per legal system's drafting style (China, EU, US); they only
  parse text, the graph resolves what they find.
"""
