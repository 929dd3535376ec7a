"""The command-line search: corpus → a Whoosh index, queries → hits.

In: the corpus. Out: an index folder (a new version per build, a ``current`` pointer) and search
results with citations and snippets. The site's own search is Pagefind's (:mod:`build_kb.site.build`).
"""
