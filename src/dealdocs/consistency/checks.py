"""The checks the consistency stage runs: their ids, and each problem reported once."""

from __future__ import annotations

from typing import Iterable

from ..problems import Problem

# Check ids: stable, CI filters and JUnit test cases use them.
TERM = "consistency.term"  # a key term missing from a document, or stated differently
VALUE = "consistency.value"  # an amount, percentage or date no term of the deal explains
WORDS = "consistency.words"  # words and figures that disagree
PDF = "consistency.pdf"  # the PDF does not say what the DOCX says
EXHIBIT_TITLE = "consistency.exhibit-title"  # an exhibit title names another instrument
DEFINED_TERM = "consistency.defined-term"  # a defined term used but not defined
TEMPLATE_VARIABLE = "template.variable"  # a template uses a variable the renderer does not give
RENDER = "consistency.render"  # a document could not be rendered or read
FILING = "consistency.filing"  # the EDGAR submission misstates the deal or its documents

CHECKS: dict[str, str] = {
    TEMPLATE_VARIABLE: "every variable a template uses exists in the model or the facts",
    RENDER: "every document renders",
    TERM: "every key term appears in every document where it belongs, as the deal file gives it",
    VALUE: "no document states an amount, percentage or date the deal file does not",
    WORDS: "words equal figures",
    PDF: "each PDF says what its DOCX says",
    EXHIBIT_TITLE: "each exhibit title names the instrument filed as the exhibit",
    DEFINED_TERM: "every defined term a document uses is defined",
    FILING: "the EDGAR submission tags the deal's cover facts, says what the documents say, "
            "and is EDGAR-safe HTML",
}


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, where it was first reported."""
    return list(dict.fromkeys(problems))
