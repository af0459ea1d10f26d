#!/usr/bin/env python3
"""Documents for bench/icap/run.sh (python3 stdlib only).

  make_documents.py DIR   writes report.docx (~46 KB of Japanese paragraphs), macro.docm
                          (small, with a VBA project), notice.pdf (~46 KB, text pages),
                          notes.txt (~48 KB Japanese text) and page.html (passes unchanged),
                          all below Squid 5's 64 KB virgin-body buffer; and photo.docx (~1 MB,
                          paragraphs and a noisy 1 MB PNG picture) and big.pdf (~5 MB, 1300
                          text pages), which take the early-response path (docs/operations.md 14.5)
"""
import os
import struct
import sys
import zipfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/e2e"))
import ooxml_check  # noqa: E402

W = ooxml_check.W
LINE = "令和8年度 予算説明資料 第{}項: 防災・子育て・デジタル化の取組について説明します。"


def png(width, height, seed):
    """A valid RGB PNG of pseudo-random pixels (does not compress: about width*height*3 bytes)."""
    state = seed
    rows = bytearray()
    for _ in range(height):
        rows.append(0)
        row = bytearray(width * 3)
        for i in range(0, len(row), 4):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            row[i:i + 4] = state.to_bytes(4, "little")[:len(row) - i]
        rows += row

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(rows), 1)) + chunk(b"IEND", b""))


DRAWING = ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5400000" cy="3000000"/>'
           '<wp:docPr id="1" name="photo"/><a:graphic><a:graphicData '
           'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
           '<pic:nvPicPr><pic:cNvPr id="1" name="photo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
           '<pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch>'
           '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="3000000"/>'
           '</a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
           '</wp:inline></w:drawing></w:r></w:p>')
NAMESPACES = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def docx(path, paragraphs, picture=None):
    body = "".join(f"<w:p><w:r><w:t>{LINE.format(i)}</w:t></w:r></w:p>" for i in range(paragraphs))
    if picture:
        body += DRAWING
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", ooxml_check.XML_DECL +
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Default Extension="png" ContentType="image/png"/>'
                   f'<Override PartName="/word/document.xml" ContentType="{ooxml_check.DOCX_MAIN}"/></Types>')
        z.writestr("_rels/.rels", ooxml_check.XML_DECL + f'<Relationships xmlns="{ooxml_check.R}">'
                   f'<Relationship Id="rId1" Type="{ooxml_check.DOC_REL}" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", ooxml_check.XML_DECL +
                   f'<w:document xmlns:w="{W}" {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>')
        if picture:
            z.writestr("word/_rels/document.xml.rels", ooxml_check.XML_DECL +
                       f'<Relationships xmlns="{ooxml_check.R}"><Relationship Id="rIdImg" '
                       f'Type="{IMAGE_REL}" Target="media/image1.png"/></Relationships>')
            z.writestr("word/media/image1.png", picture)


def pdf(path, pages):
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for p in range(pages):
        text = "".join(f"BT /F1 9 Tf 40 {800 - 12 * i} Td (Page {p} line {i}: budget notice) Tj ET\n"
                       for i in range(60))
        objects.append(f"<< /Length {len(text)} >>\nstream\n{text}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


def main(out):
    docx(os.path.join(out, "report.docx"), 300)
    ooxml_check.make_docm(os.path.join(out, "macro.docm"))
    pdf(os.path.join(out, "notice.pdf"), 12)
    with open(os.path.join(out, "notes.txt"), "w", encoding="utf-8") as f:
        for i in range(400):
            f.write(LINE.format(i) + "\n")
    with open(os.path.join(out, "page.html"), "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html lang=ja><body>" + "<p>お知らせ</p>" * 1500 + "</body></html>")
    docx(os.path.join(out, "photo.docx"), 300, png(640, 520, 7))
    pdf(os.path.join(out, "big.pdf"), 1300)


if __name__ == "__main__":
    main(sys.argv[1])
