"""The rendering tests' sample: a small, realistic note template and a hostile context for it.

The template (data/sample.docx) was made with python-docx and uses every supported style."""

from __future__ import annotations

from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.docx"  # made with python-docx; uses every supported style
TITLE = "Convertible Promissory Note"
CREATED = date(2019, 1, 11)

# Every character that can break XML, Jinja or HTML, and text that looks like a tag.
HOSTILE = "Acme & Sons <DE> \"quoted\" 'single' Zoë {{ x }} {% if %}"

CONTEXT = {
    "company": HOSTILE,
    "note_number": "2019-01",
    "principal": "$1,000,000.00",
    "issue_date": "January 11, 2019",
    "maturity_date": "January 11, 2020",
    "state": "Delaware",
    "holder": "Jane Q. Investor",
    "interest_rate": "8.00%",
    "conversion_price": "$0.50",
    "qualified_amount": "$5,000,000.00",
    "governing_law": "Colorado",
    "items": [
        {"requirement": "Form D filed within 15 days of first sale", "citation": "17 CFR 230.503",
         "box": "☒", "status": "Satisfied"},
        {"requirement": "Purchasers are accredited investors", "citation": "17 CFR 230.506(b)",
         "box": "☐", "status": "Needs input"},
    ],
    "box_425": "☐",
    "box_14a12": "☒",
    "signatory_name": "Victor Lee",
    "signatory_title": "Chief Executive Officer",
    "holder_signatory": "Jane Q. Investor",
}
