"""The one Jinja environment, shared by every renderer and by the template linter.

Sharing it is the point: if the linter parsed templates with other settings than the renderer,
a template could pass the lint and fail the render, or the other way round.
"""

from __future__ import annotations

import jinja2

# autoescape: docxtpl pastes rendered text into WordprocessingML, so an unescaped "&" or "<" in
# a company name breaks the DOCX (docxtpl issues #38, #113, #634). Never pre-escape values.
# StrictUndefined: a missing value must stop the render, not leave "Holder: " in a legal document.
# No custom filters: values arrive formatted by the model, so a value has exactly one formatter.
ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
