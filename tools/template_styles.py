#!/usr/bin/env python3
"""Give every Word template the styles and page furniture the documents rely on. Idempotent:
running it twice changes nothing the second time.

    python tools/template_styles.py templates/*.docx

- Normal keeps widow and orphan control (Word leaves it off when the style does not say so).
- Small (the 8-K cover's captions under each fact, the footer) has no space after: a caption
  belongs to the line above it, and the cover must fit on its first page.
- "Signature Table": the table style of signature blocks, so the PDF can keep a block on one page
  (print.css, table.signature) as Word does with rows that cannot split and keep-with-next.
- "Table Text Right": table text aligned right, for figures in a column; "Table Text Indent":
  indented table text, for a signature given through a general partner.
- "Cover Text": the 8-K cover's fine print (10 points, 4 points after), as the form prints it,
  so that the cover fits on its first page.
- "Subheading": a bold line that heads the paragraphs after it (the 8-K's "Terms of the Note"),
  kept with the next paragraph in Word and in the PDF, so it never ends a page.
- "Table Note": small table text (8 points), for what follows a cell's text for a second reader:
  a citation, or the deal-file path of a checklist action.
- The footer reads "Page N of M", as the PDF's does.
- The 8-K gets one character style per printed cover fact, "XBRL <dei element>" (see
  dealdocs.facts.COVER_PRINTED): the EDGAR step tags the text in that style as that Inline XBRL
  fact, so the filed cover says exactly what the Word cover says.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from template_text import read_parts, zip_parts

from dealdocs.facts import COVER_PRINTED, COVER_STYLE_PREFIX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

_STYLES = {
    "SignatureTable": f"""<w:style xmlns:w="{W_NS}" w:type="table" w:customStyle="1"
        w:styleId="SignatureTable"><w:name w:val="Signature Table"/><w:basedOn w:val="TableNormal"/>
        <w:qFormat/><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>
        <w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/>
        <w:insideV w:val="nil"/></w:tblBorders></w:tblPr></w:style>""",
    "TableTextRight": f"""<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1"
        w:styleId="TableTextRight"><w:name w:val="Table Text Right"/><w:basedOn w:val="TableText"/>
        <w:qFormat/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>""",
    "TableTextIndent": f"""<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1"
        w:styleId="TableTextIndent"><w:name w:val="Table Text Indent"/>
        <w:basedOn w:val="TableText"/><w:qFormat/><w:pPr><w:ind w:left="360"/></w:pPr></w:style>""",
    "CoverText": f"""<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1"
        w:styleId="CoverText"><w:name w:val="Cover Text"/><w:basedOn w:val="Normal"/>
        <w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr>
        <w:rPr><w:sz w:val="20"/></w:rPr></w:style>""",
    "Subheading": f"""<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1"
        w:styleId="Subheading"><w:name w:val="Subheading"/><w:basedOn w:val="Normal"/>
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>
        <w:jc w:val="left"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>""",
    "TableNote": f"""<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1"
        w:styleId="TableNote"><w:name w:val="Table Note"/><w:basedOn w:val="TableText"/>
        <w:qFormat/><w:pPr><w:spacing w:before="40" w:after="0"/></w:pPr>
        <w:rPr><w:sz w:val="16"/></w:rPr></w:style>""",
}

_FOOTER = f"""<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="Small"/><w:jc w:val="center"/></w:pPr>
<w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:t xml:space="preserve"> of </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"""


def _compact(xml: str) -> etree._Element:
    return etree.fromstring(" ".join(xml.split()).replace("> <", "><"))


def _cover_style(element: str) -> str:
    return f"""<w:style xmlns:w="{W_NS}" w:type="character" w:customStyle="1"
        w:styleId="XBRL{element}"><w:name w:val="{COVER_STYLE_PREFIX}{element}"/>
        <w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/></w:style>"""


def styled(parts: dict[str, bytes], *, cover: bool = False) -> dict[str, bytes]:
    """cover: add the character styles of the 8-K's tagged cover facts."""
    styles = etree.fromstring(parts["word/styles.xml"])
    normal = styles.find(f"{W}style[@{W}styleId='Normal']/{W}pPr")
    if normal.find(W + "widowControl") is None:
        normal.insert(0, etree.Element(W + "widowControl"))
    small = styles.find(f"{W}style[@{W}styleId='Small']")
    if small is not None:
        _no_space_after(small)
    wanted = dict(_STYLES)
    if cover:
        wanted.update({f"XBRL{element}": _cover_style(element) for element in COVER_PRINTED})
    for style_id, xml in wanted.items():
        if styles.find(f"{W}style[@{W}styleId='{style_id}']") is None:
            styles.append(_compact(xml))
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    for name in [name for name in parts if name.startswith("word/footer")]:
        footer = etree.fromstring(parts[name])
        for paragraph in footer.findall(W + "p"):
            footer.remove(paragraph)
        footer.append(_compact(_FOOTER))
        parts[name] = etree.tostring(footer, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    return parts


# What may follow w:spacing in a w:pPr: the schema fixes the order, and Word refuses a file that
# breaks it.
_AFTER_SPACING = ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                  "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                  "cnfStyle", "rPr", "sectPr", "pPrChange")


def _no_space_after(style: etree._Element) -> None:
    properties = style.find(W + "pPr")
    if properties is None:
        properties = etree.Element(W + "pPr")
        run = style.find(W + "rPr")  # pPr comes before rPr in a style
        (run.addprevious if run is not None else style.append)(properties)
    spacing = properties.find(W + "spacing")
    if spacing is None:
        spacing = etree.Element(W + "spacing")
    else:
        properties.remove(spacing)
    spacing.set(W + "after", "0")
    later = next((child for child in properties
                  if etree.QName(child).localname in _AFTER_SPACING), None)
    (later.addprevious if later is not None else properties.append)(spacing)


def main(paths: list[str]) -> int:
    for path in map(Path, paths):
        path.write_bytes(zip_parts(styled(read_parts(path), cover=path.name == "8-K.docx")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
