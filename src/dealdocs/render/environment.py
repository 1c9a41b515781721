"""The one Jinja environment, shared by every renderer and by the template linter.

Sharing it is the point: if the linter parsed templates with other settings than the renderer,
a template could pass the lint and fail the render, or the other way round.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup, escape


def _literal(value: object) -> Markup:
    """A value escaped for WordprocessingML, its braces as character references.

    After Jinja has rendered a Word part, docxtpl rewrites "{_{", "}_}", "{_%" and "%_}" in the
    whole XML (its escape for literal tags in a template), values included: a title "Note {_{ A"
    would print as "Note {{ A". Every such sequence holds a brace; written as &#123; and &#125;
    the braces read the same to any XML parser but are out of that rewrite's reach. Values are
    data, never template syntax."""
    escaped = str(escape(value))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


# autoescape: docxtpl pastes rendered text into WordprocessingML, so an unescaped "&" or "<" in
# a company name breaks the DOCX (docxtpl issues #38, #113, #634). Never pre-escape values.
# StrictUndefined: a missing value must stop the render, not leave "Holder: " in a legal document.
# No custom filters: values arrive formatted by the model, so a value has exactly one formatter.
# finalize: every value printed is escaped by _literal.
ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                 finalize=_literal)
