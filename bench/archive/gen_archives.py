#!/usr/bin/env python3
"""Generates the archive benchmark inputs into DIR (python3 stdlib only):

  mixed-100mb.zip  1,000 members, about 100 MB: Japanese text, CSV, PNG, PDF and DOCX files
                   (stored, so the archive is as large as its content)
  overlap-bomb.zip an overlapping-entry bomb (David Fifield's "A better zip bomb", quoted
                   overlap): 2,000 entries sharing one 64 MiB kernel: over 128 GB if inflated
  nested-42.zip    42.zip-style nesting: 5 levels of 16 zips, 16 x 4 MiB of zeros at the bottom
                   (16^6 x 4 MiB = 64 TiB expanded)
"""
import io
import os
import random
import struct
import sys
import zipfile
import zlib


def png(width, height, rng):
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def pdf(text_lines):
    content = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(f"({line}) '" for line in text_lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx(paragraphs):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def japanese(rng, chars):
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
    kanji = "市町村役場住民税予算計画報告議事録会議資料担当課長情報政策総務財政福祉教育"
    pool = kana + kanji
    return "".join(rng.choice(pool) if i % 40 else "\n" for i in range(chars))


def mixed(path, rng):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for i in range(1000):
            kind = i % 5
            if kind == 0:
                z.writestr(f"文書/報告{i:04d}.txt", japanese(rng, 34000).encode())
            elif kind == 1:
                rows = "\n".join(f"{n},{rng.randrange(10**9)},{japanese(rng, 20)}" for n in range(2200))
                z.writestr(f"集計/表{i:04d}.csv", ("番号,金額,備考\n" + rows).encode())
            elif kind == 2:
                z.writestr(f"画像/写真{i:04d}.png", png(180, 180, rng))
            elif kind == 3:
                lines = [f"line {n} {rng.randrange(10**12)}" for n in range(60)]
                z.writestr(f"pdf/資料{i:04d}.pdf", pdf(lines) + b"%" + rng.randbytes(90000).hex()[:90000].encode() + b"\n")
            else:
                z.writestr(f"word/議事録{i:04d}.docx", docx([japanese(rng, 300) for _ in range(100)]))


def overlap_bomb(path, files=2000, kernel=64 << 20):
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    k = comp.compress(bytes(kernel)) + comp.flush()
    names = [f"{i:04d}".encode() for i in range(files)]
    tail, size, crc = k, kernel, zlib.crc32(bytes(kernel))
    headers, meta = [None] * files, [None] * files
    for i in range(files - 1, -1, -1):
        meta[i] = (crc, len(tail), size)
        headers[i] = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(tail), size, len(names[i]), 0) + names[i]
        if i == 0:
            break
        quote = b"\x00" + struct.pack("<HH", len(headers[i]), 0xFFFF ^ len(headers[i]))
        tail = quote + headers[i] + tail
        size += len(headers[i])
    # Every entry carries the kernel's CRC-32: the structure is refused before any data would be
    # inflated and checked (a real bomb combines the CRCs; it makes no difference here).
    body = headers[0] + tail
    cd, off = b"", 0
    for i in range(files):
        c, p, s = meta[i]
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, c, p, s, len(names[i]), 0, 0, 0, 0, 0, off) + names[i]
        off += len(headers[i]) + 5
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, files, files, len(cd), len(body), 0)
    with open(path, "wb") as f:
        f.write(body + cd + end)


def nested(path, depth=5, fanout=16, leaf=4 << 20):
    level = io.BytesIO()
    with zipfile.ZipFile(level, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for i in range(fanout):
            z.writestr(f"{i}.dll", bytes(leaf))
    data = level.getvalue()
    for d in range(depth):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for i in range(fanout):
                z.writestr(f"{d}-{i}.zip", data)
        data = out.getvalue()
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    targets = {"mixed-100mb.zip": lambda p: mixed(p, rng), "overlap-bomb.zip": overlap_bomb,
               "nested-42.zip": nested}
    for name, make in targets.items():
        path = os.path.join(out, name)
        if not os.path.exists(path):
            make(path)
        print(f"{name}: {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
