"""A rendered DOCX → an EDGAR HTML document (EDGAR Filer Manual vol. II 5.2.2), and its checker.

The wording comes from the same DOCX as the Word and PDF outputs, through the same mammoth step
(html.docx_to_html). EDGAR takes no stylesheet, no class and no <span>, so the look print.css gives
each element is worked out here with the same CSS machinery WeasyPrint uses (tinycss2 and
cssselect2 on the tinyhtml5 tree), and written into each element's `style`: the EDGAR document
looks as the PDF does, and a change to print.css reaches both. What the rules lack is rebuilt
from what they allow (<s> → <strike>, <mark> and styled <span> → <font>, table column widths →
cell widths); anything else mammoth might write is refused rather than dropped.

html_problems is the offline check of any EDGAR HTML document against efm-htm.dtd (the SEC
staff's DTD for 5.2.2, shipped in schemas/edgar/) and the rules a DTD cannot state: ASCII only,
no active content, no reference outside the submission.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

import cssselect2
import tinycss2
import tinyhtml5
from lxml import etree

from .. import resources
from . import TemplateProblem
from .html import STYLE_MAP, STYLESHEET, docx_to_html

XHTML = "http://www.w3.org/1999/xhtml"
# Any DOCTYPE puts browsers in standards mode; without one, quirks mode would stop tables from
# inheriting the body's font size and line height. The checker never reads the DTD it names.
DOCTYPE = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')

# print.css's bundled fonts exist only inside the PDF; a browser gets the fonts they stand in for.
# Liberation Serif has Times New Roman's metrics; the symbols font only adds ☐ ☒, which every
# browser finds in a system font.
_FONTS = ((re.compile(r'"Dealdocs Serif"'), "'Times New Roman', Times, serif"),
          (re.compile(r',?\s*"Dealdocs Symbols"'), ""))

# CSS 3 page-break properties → their CSS 2 names, which older EDGAR viewers and printers know.
_BREAKS = {("break-before", "page"): ("page-break-before", "always"),
           ("break-after", "page"): ("page-break-after", "always"),
           ("break-before", "avoid"): ("page-break-before", "avoid"),
           ("break-after", "avoid"): ("page-break-after", "avoid"),
           ("break-inside", "avoid"): ("page-break-inside", "avoid")}

# mammoth's elements that EDGAR allows as they are, and those rebuilt from allowed ones.
_KEPT = frozenset("p h1 h2 h3 h4 h5 h6 div blockquote table tr td th strong em u b i sup sub br hr "
                  "a small big tt code center".split())
_RENAMED = {"s": ("strike", {}), "mark": ("font", {}), "span": ("font", {})}
# An Inline XBRL document is XHTML 1.1, which has no <u>, <strike> or <font>: spans, same look.
_RENAMED_XHTML_1_1 = {"s": ("span", {"text-decoration": "line-through"}), "mark": ("span", {}),
                      "span": ("span", {}), "u": ("span", {"text-decoration": "underline"})}
_UNWRAPPED = frozenset({"thead", "tbody", "tfoot"})  # EDGAR tables hold rows only
_KEPT_ATTRIBUTES = ("id", "href", "colspan", "rowspan")
_VOID = frozenset({"br", "hr", "img", "meta"})
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 div blockquote table tr hr ul ol li dl dt dd pre center "
                    "address".split())


# --- making the document --------------------------------------------------------------------------

def edgar_tree(docx: bytes, *, title: str, style_map: str = STYLE_MAP,
               inline_xbrl: bool = False) -> etree._ElementTree:
    """The DOCX as an XHTML document of only what EDGAR's HTML rules allow, each element styled
    inline as print.css styles it. A <span class="ix-…"> (an Inline XBRL fact to be) is kept as
    it is. inline_xbrl: for an Inline XBRL document, XHTML 1.1 markup instead of efm-htm.dtd's.
    Raises TemplateProblem for what EDGAR HTML cannot carry (a picture, an outside link)."""
    source = tinyhtml5.parse(docx_to_html(docx, title=title, style_map=style_map))
    looks = _looks(source)
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    html.set("lang", source.get("lang", "en"))
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    # <html> takes no style in EDGAR HTML: its look (the font) goes on <body>, before body's own.
    _set_style(body, {**looks[source].style, **looks[_child(source, "body")].style})
    renamed = _RENAMED_XHTML_1_1 if inline_xbrl else _RENAMED
    _Builder(title, looks, _cell_widths(source), renamed).children(_child(source, "body"), body,
                                                                   False)
    _layout(html)
    return etree.ElementTree(html)


def edgar_bytes(tree: etree._ElementTree, *, doctype: bool) -> bytes:
    """The document as ASCII bytes, every other character as a numeric reference (&#8220;), and
    the same bytes for the same tree."""
    return etree.tostring(tree, encoding="us-ascii", xml_declaration=False,
                          doctype=DOCTYPE if doctype else None) + b"\n"


def exhibit_html(docx: bytes, *, title: str) -> bytes:
    """An exhibit (the note as Exhibit 4.1 or 10.1) as an EDGAR HTML file.

    A plain EDGAR HTML document may not declare a namespace (the SEC staff's 5.2.2 validator
    reports any xmlns as EFM.5.02.02.05), so the exhibit is written in XHTML syntax without one;
    only Inline XBRL documents are namespaced XHTML."""
    return edgar_bytes(_without_namespace(edgar_tree(docx, title=title)), doctype=True)


def _without_namespace(tree: etree._ElementTree) -> etree._ElementTree:
    for element in tree.getroot().iter(etree.Element):
        element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(tree)
    return tree


# --- print.css, inlined ---------------------------------------------------------------------------

@dataclass
class _Look:
    """What print.css gives one element: its declarations in cascade order, and the text its
    ::before and ::after add (an empty paragraph's no-break space)."""

    style: dict[str, str] = field(default_factory=dict)
    before: str = ""
    after: str = ""


def _looks(root) -> dict:
    """Every element of the tinyhtml5 tree → its _Look, cascaded as a browser would."""
    looks = {}
    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        look = _Look()
        for _, _, pseudo, declarations in sorted(_matcher().match(wrapper),
                                                 key=lambda match: match[:2]):
            if pseudo in ("before", "after"):
                setattr(look, pseudo, dict(declarations).get("content", ""))
            elif pseudo is None:
                _cascade(look.style, declarations)
        _cascade(look.style, _declarations(tinycss2.parse_declaration_list(
            wrapper.etree_element.get("style", ""))))  # an element's own style comes last
        looks[wrapper.etree_element] = look
    return looks


def _cascade(style: dict[str, str], declarations) -> None:
    for name, value in declarations:
        style.pop(name, None)  # a later declaration goes after any shorthand it overrides
        style[name] = value


@functools.cache
def _matcher() -> cssselect2.Matcher:
    css = resources.path("templates", STYLESHEET).read_text(encoding="utf-8")
    matcher = cssselect2.Matcher()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":  # the at-rules (@font-face, @page) are print only
            declarations = tuple(_declarations(tinycss2.parse_declaration_list(rule.content)))
            for selector in cssselect2.compile_selector_list(rule.prelude):
                matcher.add_selector(selector, declarations)
    return matcher


def _declarations(nodes) -> Iterator[tuple[str, str]]:
    for node in nodes:
        if node.type != "declaration":
            continue
        if node.lower_name == "content":  # for ::before and ::after: the text itself
            yield "content", "".join(token.value for token in node.value if token.type == "string")
            continue
        value = tinycss2.serialize(node.value).strip()
        if re.search(r"url\(|@import", value, re.IGNORECASE):
            raise TemplateProblem(STYLESHEET, "template.style", f"print.css gives {node.name} "
                                  "a url(): EDGAR documents may not refer to other files")
        yield _edgar_declaration(node.lower_name, value)


def _edgar_declaration(name: str, value: str) -> tuple[str, str]:
    if name in ("font", "font-family"):
        for family, stand_in in _FONTS:
            value = family.sub(stand_in, value)
    return _BREAKS.get((name, value), (name, value))


def _set_style(element, style: dict[str, str]) -> None:
    if style:
        element.set("style", "; ".join(f"{name}: {value}" for name, value in style.items()))


# --- the tinyhtml5 tree → EDGAR elements ----------------------------------------------------------

def _local(element) -> str:
    return element.tag.rpartition("}")[2]


def _child(element, name: str):
    return next(child for child in element if _local(child) == name)


def _is_fact(element) -> bool:
    """A <span class="ix-…">, which the 8-K's Inline XBRL step turns into a fact."""
    return _local(element) == "span" and any(
        name.startswith("ix-") for name in element.get("class", "").split())


@dataclass
class _Builder:
    title: str
    looks: dict
    widths: dict  # table cell → its share of the table's width
    renamed: dict  # mammoth element → (EDGAR element, the look it adds)

    def children(self, source, target, caps: bool) -> None:
        """Append source's text and children to target, as EDGAR elements."""
        _append_text(target, source.text, caps)
        for child in source:
            self.element(child, target, caps)
            _append_text(target, child.tail, caps)

    def element(self, source, parent, caps: bool) -> None:
        name = _local(source)
        look = self.looks[source]
        caps = look.style.get("text-transform", "uppercase" if caps else "none") == "uppercase"
        if _is_fact(source):
            parent.append(_verbatim(source))
        elif name in _UNWRAPPED or (name == "span" and not look.style):
            self.children(source, parent, caps)  # a span without a look is only a run boundary
        elif name in ("colgroup", "col"):
            pass  # their widths are on the cells (see _cell_widths)
        elif name in self.renamed:
            tag, added = self.renamed[name]
            self.styled(source, etree.SubElement(parent, f"{{{XHTML}}}{tag}"), look, caps, added)
        elif name in _KEPT:
            self.styled(source, etree.SubElement(parent, f"{{{XHTML}}}{name}"), look, caps)
        else:
            raise TemplateProblem(self.title, "template.edgar", _cannot_carry(source))

    def styled(self, source, target, look: _Look, caps: bool, added: dict | None = None) -> None:
        for attribute in _KEPT_ATTRIBUTES:
            if source.get(attribute) is not None:
                target.set(attribute, source.get(attribute))
        if (problem := _reference_problem("a", "href", source.get("href", ""))) is not None:
            raise TemplateProblem(self.title, "template.edgar", f"a hyperlink that {problem}; "
                                  "EDGAR documents may link only within the submission")
        width = {"width": self.widths[source]} if source in self.widths else {}
        _set_style(target, {**look.style, **width, **(added or {})})
        _append_text(target, look.before, caps)
        self.children(source, target, caps)
        _append_text(target, look.after, caps)


def _cannot_carry(source) -> str:
    if _local(source) == "img":
        return ("a picture: EDGAR HTML cannot embed one (it must be a separate .jpg or .gif file), "
                "and dealdocs does not write those yet; remove the picture from the template")
    return (f"mammoth wrote <{_local(source)}>, which EDGAR HTML does not allow and "
            "dealdocs/render/edgar_html.py does not rebuild; add it there or change the style map")


def _verbatim(source):
    """A copy of the element and its contents, tags in the XHTML namespace, nothing else changed."""
    copy = etree.Element(f"{{{XHTML}}}{_local(source)}", dict(source.attrib))
    copy.text = source.text
    for child in source:
        copy.append(_verbatim(child))
        copy[-1].tail = child.tail
    return copy


def _append_text(target, text: str | None, caps: bool) -> None:
    # Capitals are written out, not left to text-transform, so that the words are the DOCX's
    # (docx_text applies Word's all caps) in any reader, with or without CSS.
    if not text:
        return
    text = text.upper() if caps else text
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def _cell_widths(root) -> dict:
    """Each table cell → the share of the table's width its columns take ("53.85%"), from the
    table's <col> widths; EDGAR HTML has no <col>. Cells spanning rows push later cells right."""
    widths = {}
    for table in root.iter(f"{{{XHTML}}}table"):
        columns = [_percent(col.get("style", "")) for col in _parts(table, "colgroup", "col")]
        covered: dict[int, int] = {}  # column → rows a cell above still spans
        for row in _parts(table, "thead", "tbody", "tfoot", "tr"):
            column = 0
            for cell in (cell for cell in row if _local(cell) in ("td", "th")):
                while covered.get(column, 0) > 0:
                    column += 1
                span = int(cell.get("colspan", 1))
                if columns[column:column + span]:
                    widths[cell] = f"{sum(columns[column:column + span]):.2f}%"
                covered.update(dict.fromkeys(range(column, column + span),
                                             int(cell.get("rowspan", 1))))
                column += span
            covered = {column: rows - 1 for column, rows in covered.items()}
    return widths


def _parts(table, *names: str) -> Iterator:
    """The table's own elements named last in `names`, directly or inside the others (not those
    of a table nested in a cell)."""
    for child in table:
        if _local(child) == names[-1]:
            yield child
        elif _local(child) in names:
            yield from _parts(child, names[-1])


def _percent(style: str) -> float:
    match = re.search(r"width:\s*([\d.]+)%", style)
    return float(match.group(1)) if match else 0.0


def _layout(html) -> None:
    """One block a line, so that a reviewer can read and diff the file and the checker's line
    numbers mean something; and no empty element written as <p/>, which HTML reads as an open
    tag. White space between blocks shows nothing, so only the line breaks change."""
    for element in html.iter(etree.Element):
        name = etree.QName(element).localname
        if name not in _VOID and element.text is None and len(element) == 0:
            element.text = ""
        if name in _BLOCKS or name in ("head", "title", "body"):
            element.tail = "\n" + _words_only(element.tail)
        if name in ("html", "head", "body", "table"):
            element.text = "\n" + _words_only(element.text)


def _words_only(text: str | None) -> str:
    return text if text and text.strip() else ""


# --- the text of an EDGAR document ----------------------------------------------------------------

_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def edgar_text(data: bytes) -> str:
    """The words of an EDGAR HTML document as a reader sees them, one block a line ("" if it
    cannot be read as HTML at all)."""
    pieces: list[str] = []
    try:
        body = _parse(data).find("body")
    except (etree.LxmlError, ValueError):
        return ""
    if body is not None:
        _text_of(body, pieces)
    return "".join(pieces)


def _text_of(element, pieces: list[str]) -> None:
    if _HIDDEN.search(element.get("style") or ""):
        return  # unseen, such as an Inline XBRL document's ix:header
    block = element.tag in _BLOCKS or element.tag in ("td", "th", "br")
    pieces.append("\n" if block else "")
    pieces.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _text_of(child, pieces)
        pieces.append(child.tail or "")
    pieces.append("\n" if block else "")


# --- the checker ----------------------------------------------------------------------------------

# Active content, never allowed (EFM 5.2.2.10 and the SEC staff's validator).
_ACTIVE_ELEMENTS = frozenset({"script", "iframe", "object", "embed", "form", "applet", "frame",
                              "frameset", "noscript"})
_ACTIVE_VALUE = re.compile(r"(?:java|vb)script\s*:|expression\s*\(", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "background", "longdesc", "cite", "action", "data", "codebase",
                   "usemap", "profile", "lowsrc", "dynsrc", "poster", "formaction")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IMAGE_TYPES = (".jpg", ".jpeg", ".gif", ".png")
# The one outside link EDGAR accepts: to a document already on EDGAR (Regulation S-K Item
# 601(a)(2) asks for these for exhibits incorporated by reference); the pattern is the SEC staff's
# validator's (validateHtm/config.xml, allowedExternalHrefPattern).
_EDGAR_ARCHIVE = re.compile(r"https?://www\.sec\.gov/(ix\?doc=/)?Archives/edgar/data/")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)
_NOT_PRINTABLE_ASCII = re.compile(rb"[^\t\n\r\f\x20-\x7e]")
_NOT_PRINTABLE_TEXT = re.compile(r"[^\t\n\r\f\x20-\x7e]")
_WHITE_SPACE_NOTICE = "contains white spaces nodes"  # libxml2 on an HTML tree; not an error


def html_problems(data: bytes, *, name: str, files: Collection[str] | None = None,
                  dtd: bool = True) -> list[str]:
    """What in an HTML document EDGAR would refuse, one short sentence each, naming `name`:
    markup efm-htm.dtd does not allow, a byte that is not ASCII, active content, a reference
    outside the submission. `files`: the submission's file names, to report a picture or a
    document linked that is not among them. dtd=False for an Inline XBRL document, which is
    XHTML 1.1 with Inline XBRL, not EDGAR's HTML 4. An empty list means none found."""
    problems = _ascii_problems(data, name)
    try:
        tree = _parse(data)
    except (etree.LxmlError, ValueError) as error:
        return problems + [f"{name}: cannot be read as HTML: {error}"]
    if dtd:
        problems += _dtd_problems(tree, name)
    for element in tree.iter(etree.Element):
        problems += [f"{name}: line {element.sourceline}: {problem}"
                     for problem in _element_problems(element, files)]
    return list(dict.fromkeys(problems))


def _parse(data: bytes) -> etree._ElementTree:
    """As EDGAR and the SEC staff's validator read a .htm file: as HTML (so XHTML syntax reads
    too); an HTML parser knows no entity declarations, so a document cannot expand any."""
    parser = etree.HTMLParser(no_network=True, huge_tree=False, remove_pis=True)
    root = etree.fromstring(data, parser) if data.strip() else None
    if root is None:
        raise ValueError("the file is empty")
    return root.getroottree()


def _ascii_problems(data: bytes, name: str) -> list[str]:
    match = _NOT_PRINTABLE_ASCII.search(data)
    if match is None:
        return []
    at = match.start()
    line = data.count(b"\n", 0, at) + 1
    character = data[at:at + 4].decode("utf-8", errors="ignore")[:1] if data[at] >= 0x80 else ""
    shown = (f"the character {character} (U+{ord(character):04X})" if character
             else f"the byte 0x{data[at]:02X}")
    more = len(_NOT_PRINTABLE_TEXT.findall(data.decode("utf-8", errors="replace"))) - 1
    return [f"{name}: line {line}: {shown} (byte {at}) is not printable ASCII, which EDGAR "
            "requires" + (f" (and {more} more such character{'s' if more > 1 else ''})"
                          if more > 0 else "")
            + (f"; write it as &#{ord(character)};" if character else "")]


@functools.cache
def _dtd() -> etree.DTD:
    return etree.DTD(str(resources.path("schemas", "edgar", "efm-htm.dtd")))


def _dtd_problems(tree, name: str) -> list[str]:
    dtd = _dtd()
    if dtd.validate(tree):
        return []
    declared = {element.name for element in dtd.iterelements()}
    problems = []
    for error in dtd.error_log.filter_from_errors():
        message = _plain_dtd_message(error.message, declared)
        if message:
            problems.append(f"{name}: line {error.line}: {message}")
    return problems


def _plain_dtd_message(message: str, declared: set[str]) -> str | None:
    if _WHITE_SPACE_NOTICE in message:
        return None
    if match := re.match(r"No declaration for element (\S+)", message):
        return _not_allowed(match[1])
    if match := re.match(r"No declaration for attribute (\S+) of element (\S+)", message):
        return _attribute_not_allowed(match[1], match[2])
    if match := re.match(r"Element (\S+) is not declared in \S+ list", message):
        # reported on its own line already if EDGAR lacks the element altogether
        return None if match[1] not in declared else f"<{match[1]}> is not allowed there"
    if match := re.match(r"Element (\S+) content does not follow the DTD, (.*)", message):
        return f"<{match[1]}> holds what EDGAR does not allow there: {match[2]}"
    return f"breaks EDGAR's HTML rules: {message}"


def _not_allowed(tag: str) -> str:
    return f"<{tag}> is not allowed in an EDGAR document"


def _attribute_not_allowed(attribute: str, tag: str) -> str:
    return f"the attribute {attribute} is not allowed on <{tag}> in an EDGAR document"


def _element_problems(element, files: Collection[str] | None) -> Iterator[str]:
    tag = element.tag.lower()
    if tag in _ACTIVE_ELEMENTS:
        yield _not_allowed(tag)
    for attribute, value in element.items():
        attribute = attribute.lower()
        if attribute.startswith("on"):
            yield _attribute_not_allowed(attribute, tag)
        elif _ACTIVE_VALUE.search(value):
            yield f"<{tag} {attribute}> holds a script ({_short(value)}), which EDGAR refuses"
        elif attribute in _URL_ATTRIBUTES:
            yield from _reference_problems(tag, attribute, value, files)
        elif attribute == "style":
            yield from _css_problems(tag, value, files)
    if tag == "style" and element.text:
        yield from _css_problems(tag, element.text, files)
        if _ACTIVE_VALUE.search(element.text):
            yield f"<style> holds a script ({_short(element.text)}), which EDGAR refuses"


def _css_problems(tag: str, css: str, files: Collection[str] | None) -> Iterator[str]:
    if "@import" in css.lower():
        yield f"<{tag}> imports a stylesheet (@import), which EDGAR refuses"
    for match in _CSS_URL.finditer(css):
        yield from _reference_problems(tag, "url()", match[2], files)


def _reference_problems(tag: str, attribute: str, value: str,
                        files: Collection[str] | None) -> Iterator[str]:
    problem = _reference_problem(tag, attribute, value)
    if problem is not None:
        yield f"<{tag} {attribute}> {problem}"
        return
    file = value.strip().partition("#")[0]
    if file and files is not None and file not in files and not _SCHEME.match(file):
        yield f"<{tag} {attribute}> refers to {_short(file)}, which is not in the submission"


def _reference_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why EDGAR would refuse this reference, or None. Shared by the builder and the checker."""
    value = value.strip()
    file = value.partition("#")[0].partition("?")[0]
    link = tag == "a" and attribute == "href"
    if not value or (link and value.startswith("#")):
        return None
    if _SCHEME.match(value):
        if link and _EDGAR_ARCHIVE.match(value):
            return None
        return f"refers outside the submission ({_short(value)})"
    if "/" in file or "\\" in file or file.startswith(".."):
        return f"refers to a file outside the submission's folder ({_short(value)})"
    if link and not file.lower().endswith(".htm"):
        return f"links to {_short(value)}; a link may go only to a .htm document of the submission"
    if not link and not file.lower().endswith(_IMAGE_TYPES):
        return f"refers to {_short(value)}, which is not a .jpg, .gif or .png picture"
    return None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"
