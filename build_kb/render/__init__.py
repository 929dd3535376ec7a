"""Stage 4, render: linked corpus → the site's pages and downloads (docs-relative path → text or bytes).

In: the :class:`~build_kb.link.graph.LinkedCorpus`. Out: Markdown pages with front matter (statute
pages are finished HTML under it), the graph's data files and the search records. Templates
(``templates/``) only format the view records built here; every string from YAML is escaped here.

* :mod:`.pages`: every page and download at once (:func:`~.pages.render_pages`), and the site search's records.
* :mod:`.instrument`: the pages of instruments and their divisions, and the home page.
* :mod:`.comparison`: topics, the gap matrix, redlines, proposals.
* :mod:`.graph`: the graph view's data and the whole-graph downloads.
* :mod:`.urls`: where each page and provision lives (``/cn/pipl/#art_47``) and the links between them.
* :mod:`.templating`: the Jinja2 environment and the escaping of every string on its way into a page.
* ``templates/``: ``article.html.j2`` is one article (its text, links and footer), ``blocks.html.j2`` the
  headings and articles of a page in order, the ``.md.j2`` ones whole pages (front matter, then HTML).
"""
