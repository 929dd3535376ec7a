"""Importers: an official text in its source's format → a statute file (``build-kb import``).

In: a source file (the Markdown of the national law database, the U.S. Code as Markdown, the GDPR as
JSON, the HIPAA rules, the CCPA ballot text). Out: provisions in the data model's shape, written by
:mod:`.skeleton` into a new statute file or merged into an annotated one.

* :mod:`.skeleton`: the entry point: picks the format, writes or merges the file, reports what changed.
* :mod:`.cn_markdown`, :mod:`.us_code`, :mod:`.gdpr_json`, :mod:`.hipaa_aptible`, :mod:`.cpra_ballot`: one parser per format.
* :mod:`.us_sources`: which U.S. Code sections the knowledge base holds, with their metadata.
* :mod:`.source_text`: reading a source as text (encodings, byte-order marks); :mod:`.designators`:
  the numbering styles of U.S. lists ((a), (1), (A), (i)).
"""
