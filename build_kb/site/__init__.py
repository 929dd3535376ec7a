"""Stage 5, site: rendered pages → the static site, built by a site generator run as a program.

In: the project's ``mkdocs.yml``, its hand-written pages and the rendered pages. Out: ``site/``
with its Pagefind index, swapped in whole.

* :mod:`.stage`: the pages as ordinary files in a stage folder, with a configuration inheriting ``mkdocs.yml``.
* :mod:`.output`: the generator's output kept between builds, brought up to date page by page when only generated pages changed.
* :mod:`.build`: the generator's output copied beside the site, Pagefind over it, then the swap.
* :mod:`.preview`: ``build-kb serve``: the stage kept current while the generator's server serves it.
* :mod:`.lock`: one build at a time, signals held during the swap, reproducible dates.
* :mod:`.linkcheck`: every internal link and anchor of a built site resolves.
* ``theme/``: templates that extend Material's: ``main.html`` holds the Content-Security-Policy of every page.
"""
