"""Stage 4, render: linked corpus → the site's pages and downloads (docs-relative path → text or bytes).

In: the :class:`~build_kb.link.graph.LinkedCorpus`. Out: Markdown pages with front matter (statute
pages are finished HTML under it), the graph's data files and the search records. Templates
(``templates/``) only format the view records built here; every string from YAML is escaped here.

* :mod:`.instrument`: the pages of instruments and their divisions, the home page, :func:`render_pages`.
* :mod:`.comparison`: topics, the gap matrix, redlines, proposals.
* :mod:`.graph`: the graph view's data and the whole-graph downloads.
"""
