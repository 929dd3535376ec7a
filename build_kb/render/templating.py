"""The templates' environment and the escaping every string from YAML goes through on its way into a page.

Text from the YAML files is escaped everywhere: HTML with Jinja2's autoescape, Markdown with
:func:`md_escape`, what the site generator writes itself (navigation labels, page titles) with
:func:`site_text`, and front matter with :func:`front_matter_value`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(text: str) -> Markup:
    """Escape ``text`` for Markdown inline context (headings, table cells).

    ``<``, ``>`` and ``&`` become entities, Markdown punctuation gets a ``\\``;
    returned as ``Markup`` so that the template does not escape it twice.
    """
    html = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", html))


def site_text(text: str) -> Markup:
    """``text`` as it may enter a page of the site generator's own making (a navigation label, a page
    title): HTML-escaped once, since the theme writes these values into its HTML as they are."""
    return escape(text)


def front_matter_value(text: str) -> Markup:
    """``text`` as a YAML double-quoted scalar for a page's front matter: HTML-escaped
    (:func:`site_text`, the theme writes the title as it is), then quoted by PyYAML, so that any
    character (a backslash, a quote, a line separator) reads back as written."""
    import yaml

    quoted = yaml.safe_dump(str(site_text(text)), default_style='"', allow_unicode=True, width=1 << 30)
    return Markup(quoted.strip())


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of ``templates/``: autoescaped, strict about undefined names; filters ``md``
    (:func:`md_escape`) and ``front_matter`` (:func:`front_matter_value`)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("build_kb.render", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = md_escape
    env.filters["front_matter"] = front_matter_value
    return env
