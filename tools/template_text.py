#!/usr/bin/env python3
"""A developer's round trip for the Word templates: DOCX body ⇄ plain text.

The Word files in templates/ are the only source of each document's wording, and lawyers edit
them in Word. Developers who change many clauses at once (or merge two branches that both changed
a template: a binary file git cannot merge) can instead dump a template's body to text, edit or
merge the text, and load it back. Nothing else of the DOCX changes: styles, numbering, footers
and section settings stay as they are. The round trip is lossless for every construct the text
can express, and `dump` refuses a template that uses anything else rather than drop it.

    python tools/template_text.py dump templates/note.docx > note.txt
    python tools/template_text.py load note.txt templates/note.docx

The text, one block element per line:

    [Style name; keep-next; keep-lines; align=center] text ⟦b|bold⟧ ⟦iu|italic underlined⟧ ⟦@Char style|styled⟧
    TABLE borders=none|single layout=auto|fixed cols=4680,4680
      ROW header
        CELL w=4680 span=2
          [Table Text] a paragraph in the cell
    END TABLE

`[]` is a paragraph in the default style. Runs without formatting are plain text.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_RUN = re.compile(r"⟦([biu]*)(?:@([^|⟧]+))?\|(.*?)⟧", re.S)
_PARAGRAPH = re.compile(r"\[([^\]]*)\] ?(.*)")
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_ALIGN = {"center", "right", "both", "left"}


class Unsupported(Exception):
    pass


# --- dump ----------------------------------------------------------------------------------------


def dump(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
        names = _style_names(archive.read("word/styles.xml"))
    lines: list[str] = []
    for element in body:
        if element.tag == W + "sectPr":
            continue
        lines += _dump_block(element, names, 0)
    return "\n".join(lines) + "\n"


def _dump_block(element, names: dict[str, str], depth: int) -> list[str]:
    pad = "  " * depth
    if element.tag == W + "p":
        return [pad + _dump_paragraph(element, names)]
    if element.tag == W + "tbl":
        return _dump_table(element, names, depth)
    raise Unsupported(f"element {etree.QName(element).localname} in the body")


def _dump_paragraph(paragraph, names: dict[str, str]) -> str:
    head = []
    properties = paragraph.find(W + "pPr")
    if properties is not None:
        for child in properties:
            name = etree.QName(child).localname
            if name == "pStyle":
                head.insert(0, names[child.get(W + "val")])
            elif name == "keepNext":
                head.append("keep-next")
            elif name == "keepLines":
                head.append("keep-lines")
            elif name == "pageBreakBefore":
                head.append("page-break-before")
            elif name == "jc" and child.get(W + "val") in _ALIGN:
                head.append(f"align={child.get(W + 'val')}")
            else:
                raise Unsupported(f"paragraph property {name}")
    if head and head[0] in ("keep-next", "keep-lines", "page-break-before") or \
            (head and head[0].startswith("align=")):
        head.insert(0, "")
    text = "".join(_dump_run(run, names) for run in paragraph
                   if etree.QName(run).localname != "pPr")
    return f"[{'; '.join(head)}] {text}".rstrip(" ") if text else f"[{'; '.join(head)}]"


def _dump_run(run, names: dict[str, str]) -> str:
    if run.tag != W + "r":
        raise Unsupported(f"{etree.QName(run).localname} inside a paragraph")
    flags, style = "", None
    text = ""
    for child in run:
        name = etree.QName(child).localname
        if name == "rPr":
            for prop in child:
                prop_name = etree.QName(prop).localname
                if prop_name == "b":
                    flags += "b"
                elif prop_name == "i":
                    flags += "i"
                elif prop_name == "u" and prop.get(W + "val") == "single":
                    flags += "u"
                elif prop_name == "rStyle":
                    style = names[prop.get(W + "val")]
                else:
                    raise Unsupported(f"run property {prop_name}")
        elif name == "t":
            text += child.text or ""
        elif name == "tab":
            text += "\t"
        else:
            raise Unsupported(f"run content {name}")
    if "⟦" in text or "⟧" in text or "\n" in text:
        raise Unsupported(f"text with ⟦, ⟧ or a line break: {text!r}")
    flags = "".join(sorted(flags))
    if not flags and style is None:
        return text
    return f"⟦{flags}{'@' + style if style else ''}|{text}⟧"


def _dump_table(table, names: dict[str, str], depth: int) -> list[str]:
    pad = "  " * depth
    properties = table.find(W + "tblPr")
    borders = properties.find(W + "tblBorders")
    kind = {border.get(W + "val") for border in borders} if borders is not None else {"nil"}
    layout = properties.find(W + "tblLayout")
    style = properties.find(W + "tblStyle")
    columns = [col.get(W + "w") for col in table.find(W + "tblGrid")]
    lines = [f"{pad}TABLE borders={'none' if kind == {'nil'} else 'single'} "
             f"layout={'fixed' if layout is not None else 'auto'} cols={','.join(columns)}"
             + (f" style={names[style.get(W + 'val')].replace(' ', '_')}" if style is not None
                else "")]
    for row in table.findall(W + "tr"):
        flags = [flag for flag, tag in (("header", "tblHeader"), ("cant-split", "cantSplit"))
                 if row.find(f"{W}trPr/{W}{tag}") is not None]
        lines.append(f"{pad}  ROW" + "".join(f" {flag}" for flag in flags))
        for cell in row.findall(W + "tc"):
            cell_properties = cell.find(W + "tcPr")
            width = cell_properties.find(W + "tcW").get(W + "w")
            span = cell_properties.find(W + "gridSpan")
            lines.append(f"{pad}    CELL w={width}"
                         + (f" span={span.get(W + 'val')}" if span is not None else ""))
            for block in cell:
                if block.tag != W + "tcPr":
                    lines += _dump_block(block, names, depth + 3)
    lines.append(f"{pad}END TABLE")
    return lines


def _style_names(styles_xml: bytes) -> dict[str, str]:
    """style id → style name."""
    styles = etree.fromstring(styles_xml)
    return {style.get(W + "styleId"): style.find(W + "name").get(W + "val")
            for style in styles.findall(W + "style")}


# --- load ----------------------------------------------------------------------------------------


def read_parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def load(text: str, docx: Path) -> bytes:
    parts = read_parts(docx)
    ids = {name: style_id for style_id, name in _style_names(parts["word/styles.xml"]).items()}
    document = etree.fromstring(parts["word/document.xml"])
    body = document.find(W + "body")
    section = body.find(W + "sectPr")
    for child in list(body):
        body.remove(child)
    for block in _parse_blocks(text.splitlines(), ids):
        body.append(block)
    if section is not None:
        body.append(section)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    return zip_parts(parts)


def _parse_blocks(lines: list[str], ids: dict[str, str]) -> list:
    blocks, index = [], 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
        elif line.startswith("TABLE "):
            table, index = _parse_table(lines, index, ids)
            blocks.append(table)
        else:
            blocks.append(_paragraph(line, ids, index + 1))
            index += 1
    return blocks


def _paragraph(line: str, ids: dict[str, str], number: int):
    match = _PARAGRAPH.fullmatch(line)
    if match is None:
        raise SystemExit(f"line {number}: expected '[Style] text', got {line!r}")
    head, text = match.groups()
    paragraph = etree.Element(W + "p")
    properties = etree.SubElement(paragraph, W + "pPr")
    parts = [part.strip() for part in head.split(";")] if head else [""]
    if parts[0]:
        etree.SubElement(properties, W + "pStyle").set(W + "val", _style_id(parts[0], ids, number))
    for flag in parts[1:]:
        if flag == "keep-next":
            etree.SubElement(properties, W + "keepNext")
        elif flag == "keep-lines":
            etree.SubElement(properties, W + "keepLines")
        elif flag == "page-break-before":
            etree.SubElement(properties, W + "pageBreakBefore")
        elif flag.startswith("align=") and flag[6:] in _ALIGN:
            etree.SubElement(properties, W + "jc").set(W + "val", flag[6:])
        else:
            raise SystemExit(f"line {number}: unknown paragraph flag {flag!r}")
    position = 0
    for match in _RUN.finditer(text):
        _run(paragraph, text[position:match.start()], "", None)
        flags, style, content = match.groups()
        _run(paragraph, content, flags, style and _style_id(style, ids, number))
        position = match.end()
    _run(paragraph, text[position:], "", None)
    if "⟦" in text[position:]:
        raise SystemExit(f"line {number}: an unclosed ⟦ run")
    return paragraph


def _run(paragraph, text: str, flags: str, style: str | None) -> None:
    if not text:
        return
    run = etree.SubElement(paragraph, W + "r")
    if flags or style:
        properties = etree.SubElement(run, W + "rPr")
        if style:
            etree.SubElement(properties, W + "rStyle").set(W + "val", style)
        if "b" in flags:
            etree.SubElement(properties, W + "b")
        if "i" in flags:
            etree.SubElement(properties, W + "i")
        if "u" in flags:
            etree.SubElement(properties, W + "u").set(W + "val", "single")
    element = etree.SubElement(run, W + "t")
    element.text = text
    if text != text.strip():
        element.set(XML_SPACE, "preserve")


def _style_id(name: str, ids: dict[str, str], number: int) -> str:
    if name not in ids:
        raise SystemExit(f"line {number}: no style named {name!r} in the template "
                         f"(known: {', '.join(sorted(ids))})")
    return ids[name]


def _parse_table(lines: list[str], index: int, ids: dict[str, str]):
    settings = dict(part.split("=", 1) for part in lines[index].split()[1:])
    table = etree.Element(W + "tbl")
    properties = etree.SubElement(table, W + "tblPr")
    if "style" in settings:
        etree.SubElement(properties, W + "tblStyle").set(
            W + "val", _style_id(settings["style"].replace("_", " "), ids, index + 1))
    etree.SubElement(properties, W + "tblW", {W + "type": "auto", W + "w": "0"})
    if settings.get("layout") == "fixed":
        etree.SubElement(properties, W + "tblLayout").set(W + "type", "fixed")
    etree.SubElement(properties, W + "tblLook", {
        W + "firstColumn": "1", W + "firstRow": "1", W + "lastColumn": "0", W + "lastRow": "0",
        W + "noHBand": "0", W + "noVBand": "1", W + "val": "04A0"})
    borders = etree.SubElement(properties, W + "tblBorders")
    for side in _BORDER_SIDES:
        attributes = {W + "val": "nil"} if settings.get("borders") == "none" else {
            W + "val": "single", W + "sz": "4", W + "space": "0", W + "color": "000000"}
        etree.SubElement(borders, W + side, attributes)
    grid = etree.SubElement(table, W + "tblGrid")
    for width in settings["cols"].split(","):
        etree.SubElement(grid, W + "gridCol").set(W + "w", width)
    index += 1
    row = cell = None
    cell_lines: list[str] = []

    def close_cell() -> None:
        if cell is not None:
            blocks = _parse_blocks(cell_lines, ids) or [etree.Element(W + "p")]
            for block in blocks:
                cell.append(block)
            cell_lines.clear()

    depth = 0
    while True:
        line = lines[index].strip()
        if depth == 0 and line == "END TABLE":
            close_cell()
            return table, index + 1
        if depth == 0 and (line == "ROW" or line.startswith("ROW ")):
            close_cell()
            cell = None
            row = etree.SubElement(table, W + "tr")
            flags = line.split()[1:]
            if flags:
                row_properties = etree.SubElement(row, W + "trPr")
                for flag, tag in (("cant-split", "cantSplit"), ("header", "tblHeader")):
                    if flag in flags:
                        etree.SubElement(row_properties, W + tag)
        elif depth == 0 and line.startswith("CELL "):
            close_cell()
            cell_settings = dict(part.split("=", 1) for part in line.split()[1:])
            cell = etree.SubElement(row, W + "tc")
            cell_properties = etree.SubElement(cell, W + "tcPr")
            etree.SubElement(cell_properties, W + "tcW",
                             {W + "type": "dxa", W + "w": cell_settings["w"]})
            if "span" in cell_settings:
                etree.SubElement(cell_properties, W + "gridSpan").set(W + "val",
                                                                      cell_settings["span"])
        else:
            depth += line.startswith("TABLE ")
            depth -= line == "END TABLE"
            cell_lines.append(lines[index])
        index += 1


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """The parts as a DOCX zip: [Content_Types].xml first, fixed timestamps."""
    buffer = io.BytesIO()
    order = ["[Content_Types].xml"] + sorted(name for name in parts if name != "[Content_Types].xml")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "dump":
        try:
            sys.stdout.write(dump(Path(argv[1])))
        except Unsupported as error:
            print(f"cannot dump {argv[1]} losslessly: {error}", file=sys.stderr)
            return 1
        return 0
    if len(argv) == 3 and argv[0] == "load":
        target = Path(argv[2])
        target.write_bytes(load(Path(argv[1]).read_text(encoding="utf-8"), target))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
