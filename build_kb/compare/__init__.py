"""Comparison: the linked corpus → what drafters compare (topics side by side, gaps, redlines).

In: the corpus with its topics and succession tables. Out: plain records and texts that the
render stage and the command line format.

* :mod:`.matrix`: a topic's columns per jurisdiction, the gap matrix (JSON, CSV), the terminal view.
* :mod:`.redline`: the changes between versions of a provision, as deleted / inserted segments.
"""
