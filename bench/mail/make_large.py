#!/usr/bin/env python3
"""The large attachments of the mail bench (bench/mail/run.sh), made with the Python stdlib
(reproducible, no network). Both are mostly pixels that do not compress (noise), as photographs
and scans nearly do not.

  make_large.py pdf OUT MB            a scan-like PDF: A4 pages, each one 1240x1754 RGB image
                                      (150 dpi, Flate) with a line of text over it
  make_large.py docx OUT MB BASE      a photo report: BASE (a docx) plus 1600x1200 PNG photos
                                      in word/media, each referenced from the document
"""
import random
import struct
import sys
import zipfile
import zlib

IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def scan_pdf(out, target):
    width, height = 1240, 1754
    pages = max(1, round(target / (width * height * 3)))
    rng = random.Random(20261130)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in range(pages):
        pixels = zlib.compress(rng.randbytes(width * height * 3), 1)
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace"
                       b" /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\n"
                       b"stream\n" % (width, height, len(pixels)) + pixels + b"\nendstream")
        image = len(objects)
        text = b"q 595 0 0 842 0 0 cm /Im0 Do Q BT /F1 14 Tf 40 800 Td (Scanned page %d) Tj ET" % page
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
                       b" << /Font << /F1 3 0 R >> /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                       % (image, len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    with open(out, "wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(f.tell())
            f.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = f.tell()
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        f.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                % (len(objects) + 1, xref))


def png(width, height, rng):
    raw = b"".join(b"\0" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def photo_docx(out, target, base):
    width, height = 1600, 1200
    photos = max(1, round(target / (width * height * 3)))
    rng = random.Random(20261130)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/>'
                                    b"<Default ", 1)
            elif info.filename == "word/_rels/document.xml.rels":
                rels = b"".join(b'<Relationship Id="rIdPhoto%d" Type="%s" Target="media/photo%d.png"/>'
                                % (n, IMAGE_REL.encode(), n) for n in range(photos))
                data = data.replace(b"</Relationships>", rels + b"</Relationships>")
            z.writestr(info, data)
        for n in range(photos):
            z.writestr(zipfile.ZipInfo(f"word/media/photo{n}.png"), png(width, height, rng),
                       compress_type=zipfile.ZIP_STORED)


def main(argv):
    if len(argv) == 4 and argv[1] == "pdf":
        scan_pdf(argv[2], int(argv[3]) << 20)
        return 0
    if len(argv) == 5 and argv[1] == "docx":
        photo_docx(argv[2], int(argv[3]) << 20, argv[4])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
