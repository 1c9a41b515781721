"""Hostile documents for `verify`, built small on disk: zip bombs, DOCX files with millions of
elements, PDFs with too many pages, a stream bomb, a password. Each builder writes to `path`."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from tampering import SEED, document

_BODY_OPEN = b"<w:body>"
_MB = 1 << 20


def _seed_parts() -> dict[str, bytes]:
    package = zipfile.ZipFile(io.BytesIO(document(SEED, "note").docx))
    return {name: package.read(name) for name in package.namelist()}


def _write_docx(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def docx_with_body(path: Path, body: bytes) -> Path:
    """The seed's note with `body` put at the start of its <w:body>."""
    parts = _seed_parts()
    xml = parts["word/document.xml"]
    at = xml.index(_BODY_OPEN) + len(_BODY_OPEN)
    parts["word/document.xml"] = xml[:at] + body + xml[at:]
    return _write_docx(path, parts)


def empty_paragraphs(path: Path, count: int) -> Path:
    """The issue's first bomb: millions of empty paragraphs (5 million: 76 KB on disk)."""
    return docx_with_body(path, b"<w:p/>" * count)


def runs_in_one_paragraph(path: Path, count: int) -> Path:
    return docx_with_body(path, b"<w:p>" + b"<w:r><w:t>x</w:t></w:r>" * count + b"</w:p>")


def deflated_zeros(megabytes: int, fill: bytes = b"\0") -> bytes:
    """Raw deflate of `megabytes` MB of `fill` in milliseconds: after a full flush the
    compressor starts afresh, so every megabyte compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(fill * _MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + b"\x03\x00"  # an empty final block ends the stream


def _checksum(function, megabytes: int, fill: bytes = b"\0", start: int = 0) -> int:
    chunk, value = fill * _MB, start
    for _ in range(megabytes):
        value = function(chunk, value)
    return value


def zip_bomb(path: Path, megabytes: int, copies: int = 1) -> Path:
    """The seed's note with a part of `megabytes` MB of zeros (1 KB on disk a megabyte). With
    `copies` > 1, an overlapping zip bomb (after Fifield): the central directory lists that
    one deflated part `copies` times."""
    _write_docx(path, _seed_parts())
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    count, size, offset = struct.unpack("<HII", data[end + 10:end + 20])
    directory = bytes(data[offset:offset + size])
    deflated, length = deflated_zeros(megabytes), megabytes * _MB
    crc = _checksum(zlib.crc32, megabytes)
    name = b"word/media/bomb.bin"
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), length,
                        len(name), 0) + name
    entry = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated),
                        length, len(name), 0, 0, 0, 0, 0, offset) + name
    entries = entry * copies  # the same name each time: zipfile checks it against the header
    body = bytes(data[:offset]) + local + deflated
    directory += entries
    record = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count + copies, count + copies,
                         len(directory), len(body), 0)
    return _write_bytes(path, body + directory + record)


def many_members(path: Path, count: int) -> Path:
    parts = _seed_parts()
    for index in range(count):
        parts[f"customXml/item{index + 2}.xml"] = b""
    return _write_docx(path, parts)


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def pdf_pages(path: Path, count: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def encrypted_pdf(path: Path, pdf: bytes, password: str) -> Path:
    """The PDF encrypted (RC4, which pypdf reads without the optional `cryptography` package
    that AES needs): `password` to open it ("" opens it, restricted)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def pdf_stream_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to `megabytes` MB of spaces."""
    adler = _checksum(zlib.adler32, megabytes, b" ", 1)
    stream = b"\x78\xda" + deflated_zeros(megabytes, b" ") + struct.pack(">I", adler)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    return _write_bytes(path, _pdf(objects))


def damaged_pdf(path: Path, pdf: bytes) -> Path:
    """A PDF whose cross-reference offsets are all wrong: pypdf repairs it and logs that it did."""
    at = pdf.rindex(b"startxref")
    return _write_bytes(path, pdf[:at] + b"startxref\n999999\n%%EOF\n")


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
