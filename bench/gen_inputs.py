#!/usr/bin/env python3
"""Deterministic source material for the sanso benchmarks (no network, stdlib only).

Subcommands (called by bench/make-inputs.sh):
  sources DIR        text/*.txt, csv/*.csv (inputs as they are) and src-docx/*.html,
                     src-xlsx/*.csv, src-pdf/*.html (sources that soffice converts)
  scanpdf OUT MB JPEG...
                     an image-only "scanned" PDF of A4 pages, one JPEG per page, cycling
                     through the given JPEGs until the file passes MB megabytes
  bigcsv OUT MB      a CSV of municipal-looking records, MB megabytes
  photodocx OUT MB JPEG...
                     a docx report with one photo per paragraph until it passes MB megabytes

Everything is driven by random.Random(seed), so two runs produce the same sources.
"""
import base64
import os
import random
import struct
import sys
import zipfile

# ---------------------------------------------------------------------------------------------
# Vocabulary: the kind of prose a municipal office exchanges.

SENTENCES = [
    "令和{y}年度の予算編成に関する基本方針について、各課の意見を取りまとめました。",
    "本件は{dept}が所管し、関係部署と調整のうえ実施するものとします。",
    "住民説明会を{m}月{d}日（{wd}）午後{h}時から市民会館大ホールで開催します。",
    "マイナンバー利用事務系の端末は、インターネット接続系から分離して運用してください。",
    "LGWAN接続系へファイルを持ち込む際は、無害化処理を経たものに限ります。",
    "添付資料のとおり、第{n}回検討委員会の議事録（案）を送付いたします。",
    "ご不明な点がございましたら、{dept}（内線{ext}）までお問い合わせください。",
    "今年度の実績は前年度比{p}％増となり、目標値を上回りました。",
    "個人情報の取扱いについては、個人情報保護条例第{n}条の規定に従ってください。",
    "災害時の避難所運営マニュアルを改訂し、要配慮者への対応を追記しました。",
    "The quarterly report (Q{q}) is attached; totals are given in thousands of yen.",
    "公共施設等総合管理計画に基づき、{n}施設の長寿命化改修を順次進めます。",
    "申請書の受付期間は{m}月{d}日から{m2}月{d2}日までです（土日祝日を除く）。",
    "委託業者との契約金額は{amount}円（消費税及び地方消費税を含む）です。",
    "Please review the attached draft by {m}/{d} and send comments to the project mailbox.",
    "情報セキュリティポリシーの見直しに伴い、標準作業手順書を更新しました。",
    "ごみの分別区分が変更になります。詳しくは広報{m}月号をご覧ください。",
    "保育所の入所申込みは、電子申請システムからも受け付けています。",
    "道路占用許可の更新手続きについて、別紙様式第{n}号により申請してください。",
    "各所属長は、職員の時間外勤務の状況を毎月{d}日までに報告すること。",
]
DEPTS = ["総務課", "企画政策課", "財政課", "税務課", "市民課", "福祉課", "子育て支援課",
         "環境保全課", "建設課", "上下水道課", "教育委員会事務局", "情報政策課", "危機管理課"]
WEEKDAYS = "月火水木金土日"
HEADINGS = ["概要", "背景と目的", "現状と課題", "実施内容", "スケジュール", "予算", "体制",
            "リスクと対策", "今後の予定", "参考資料", "Summary", "Appendix"]
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "翔太", "陽菜", "大輔", "さくら", "健一", "由美"]
TOWNS = ["本町", "栄町", "旭町", "緑が丘", "中央", "東町", "西町", "南台", "北野", "桜木町"]


def sentence(rng):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(SENTENCES).format(
        y=rng.randint(3, 8), dept=rng.choice(DEPTS), m=m, d=d, m2=min(12, m + 1),
        d2=rng.randint(1, 28), wd=rng.choice(WEEKDAYS), h=rng.randint(1, 5),
        n=rng.randint(1, 40), ext=rng.randint(1000, 4999), p=rng.randint(1, 30),
        q=rng.randint(1, 4), amount=f"{rng.randint(100, 99999) * 1000:,}")


def paragraph(rng, lo=3, hi=8):
    return "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def person(rng):
    return rng.choice(SURNAMES) + " " + rng.choice(GIVEN)


def write(path, data, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------
# Plain inputs and soffice sources.

def text_file(rng, target_bytes):
    out, size = [], 0
    while size < target_bytes:
        if rng.random() < 0.15:
            line = f"■ {rng.choice(HEADINGS)}\r\n"
        else:
            line = paragraph(rng, 1, 4) + "\r\n"
        out.append(line)
        size += len(line.encode("utf-8"))
    return "".join(out)


def csv_rows(rng, rows, formulas=False):
    lines = ["番号,氏名,住所,生年月日,区分,金額,担当課,備考"]
    for i in range(1, rows + 1):
        amount = rng.randint(0, 500000)
        note = rng.choice(["", "", "要確認", "再提出", "窓口受付", "電子申請", "Note: paid"])
        lines.append(",".join([
            str(i), person(rng), f"{rng.choice(TOWNS)}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
            f"{rng.randint(1935, 2020)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}",
            rng.choice(["一般", "減免", "非課税", "課税"]), str(amount), rng.choice(DEPTS),
            '"' + note + '"' if note else ""]))
    if formulas:
        lines.append(f",合計,,,,=SUM(F2:F{rows + 1}),,")
        lines.append(f",平均,,,,=AVERAGE(F2:F{rows + 1}),,")
    return "\r\n".join(lines) + "\r\n"


def png_bytes(width, height, rng):
    """A small RGB PNG (a coloured chart-like bar pattern) with zlib, no PIL."""
    import zlib
    bars = [(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)) for _ in range(8)]
    heights = [rng.randint(height // 5, height) for _ in range(8)]
    raw = bytearray()
    bar_w = width // 8
    for y in range(height):
        raw.append(0)
        for x in range(width):
            b = min(7, x // bar_w)
            if height - y <= heights[b] and x % bar_w > 3:
                raw += bytes(bars[b])
            else:
                raw += b"\xff\xff\xff"

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))


def html_doc(rng, title, sections, with_image=False, with_link=True):
    parts = ["<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">",
             f"<title>{title}</title></head><body>", f"<h1>{title}</h1>",
             f"<p>作成：{rng.choice(DEPTS)} {person(rng)}</p>"]
    for s in range(sections):
        parts.append(f"<h2>{s + 1}. {rng.choice(HEADINGS)}</h2>")
        for _ in range(rng.randint(2, 5)):
            parts.append(f"<p>{paragraph(rng)}</p>")
        if rng.random() < 0.4:
            parts.append("<ul>" + "".join(f"<li>{sentence(rng)}</li>" for _ in range(rng.randint(2, 5))) + "</ul>")
        if rng.random() < 0.35:
            rows = ["<tr><th>項目</th><th>担当</th><th>金額（千円）</th><th>期限</th></tr>"]
            for _ in range(rng.randint(3, 10)):
                rows.append(f"<tr><td>{rng.choice(HEADINGS)}</td><td>{rng.choice(DEPTS)}</td>"
                            f"<td>{rng.randint(10, 99999):,}</td><td>{rng.randint(1, 12)}月{rng.randint(1, 28)}日</td></tr>")
            parts.append("<table border=\"1\">" + "".join(rows) + "</table>")
        if with_image and s == 0:
            data = base64.b64encode(png_bytes(320, 200, rng)).decode()
            parts.append(f"<p><img src=\"data:image/png;base64,{data}\" width=\"320\" height=\"200\" alt=\"グラフ\"></p>")
        if with_link and rng.random() < 0.3:
            parts.append(f"<p>詳細は <a href=\"https://www.city.example.lg.jp/{rng.randint(1000, 9999)}.html\">"
                         "市ホームページ</a> をご覧ください。</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def cmd_sources(out):
    n = int(os.environ.get("BENCH_N", "40"))
    rng = random.Random(20240601)
    for i in range(n):
        # text: 20-200 KB; every fourth file in Shift_JIS (CP932), as older systems write it
        body = text_file(rng, rng.randint(20_000, 200_000))
        enc = "cp932" if i % 4 == 3 else "utf-8"
        write(f"{out}/text/t{i:02d}.txt", body, enc)
        # csv: 500-4000 records; half in CP932 (what Excel on Japanese Windows writes)
        body = csv_rows(rng, rng.randint(500, 4000))
        write(f"{out}/csv/c{i:02d}.csv", body, "cp932" if i % 2 else "utf-8")
        # docx sources: 2-40 sections (about 1-30 pages), a third with an embedded chart image
        write(f"{out}/src-docx/d{i:02d}.html",
              html_doc(rng, f"{rng.choice(DEPTS)} {rng.choice(HEADINGS)}資料 第{i + 1}号",
                       rng.randint(2, 40), with_image=(i % 3 == 0)))
        # xlsx sources: 300-5000 records with SUM/AVERAGE formulas
        write(f"{out}/src-xlsx/x{i:02d}.csv", csv_rows(rng, rng.randint(300, 5000), formulas=True))
    # PDFs: 10 reports of various lengths (two with an image) ...
    for i in range(10):
        write(f"{out}/src-pdf/p{i:02d}.html",
              html_doc(rng, f"報告書 第{i + 1}号", rng.randint(4, 60), with_image=(i % 5 == 0)))
    # ... and one long text document, cut to exactly 100 pages afterwards
    write(f"{out}/src-long/long.html", html_doc(rng, "長文テキスト（100ページ）", 230, with_link=False))


# ---------------------------------------------------------------------------------------------
# Large inputs for the peak-RSS test.

def jpeg_size(data):
    """(width, height, components) from a baseline/progressive JPEG's SOF marker."""
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise ValueError("bad JPEG marker")
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF")


def cmd_scanpdf(out, mb, jpegs):
    images = [open(p, "rb").read() for p in jpegs]
    limit = int(float(mb) * 1_000_000)
    objs = {}  # number -> bytes
    page_ids = []
    next_id = 3
    total = 0
    k = 0
    while total < limit:
        data = images[k % len(images)]
        w, h, comps = jpeg_size(data)
        cs = "/DeviceGray" if comps == 1 else "/DeviceRGB"
        img, content, page = next_id, next_id + 1, next_id + 2
        next_id += 3
        objs[img] = (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {cs} "
                     f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream"
        draw = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q\n"
        objs[content] = f"<< /Length {len(draw)} >>\nstream\n".encode() + draw + b"endstream"
        objs[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
                      f"/Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {content} 0 R >>").encode()
        page_ids.append(page)
        total += len(data)
        k += 1
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = ("<< /Type /Pages /Count %d /Kids [%s] >>" % (len(page_ids), " ".join(f"{p} 0 R" for p in page_ids))).encode()
    with open(out, "wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for num in sorted(objs):
            offsets[num] = f.tell()
            f.write(f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n")
        xref = f.tell()
        count = max(objs) + 1
        f.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
        for num in range(1, count):
            f.write(f"{offsets[num]:010d} 00000 n \n".encode())
        f.write(f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    print(f"scanpdf: {len(page_ids)} pages, {os.path.getsize(out) / 1e6:.1f} MB")


def cmd_bigcsv(out, mb):
    rng = random.Random(7)
    limit = int(float(mb) * 1_000_000)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("番号,氏名,住所,生年月日,区分,金額,担当課,備考\r\n")
        i, size = 0, 0
        while size < limit:
            block = csv_rows(rng, 2000).split("\r\n", 1)[1]
            # renumber so the file reads as one register
            lines = []
            for line in block.split("\r\n"):
                if not line:
                    continue
                i += 1
                lines.append(str(i) + line[line.index(","):])
            chunk = "\r\n".join(lines) + "\r\n"
            f.write(chunk)
            size += len(chunk.encode("utf-8"))
    print(f"bigcsv: {i} records, {os.path.getsize(out) / 1e6:.1f} MB")


W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')


def cmd_photodocx(out, mb, jpegs):
    """A 現場写真報告書 (site photo report): a caption and a photo per paragraph."""
    rng = random.Random(11)
    images = [open(p, "rb").read() for p in jpegs]
    limit = int(float(mb) * 1_000_000)
    body, rels, media = [], [], []
    total, k = 0, 0
    while total < limit:
        data = images[k % len(images)]
        w, h, _ = jpeg_size(data)
        cx = 5_400_000  # 15 cm wide
        cy = cx * h // w
        rid = f"rIdImg{k + 1}"
        name = f"media/photo{k + 1:04d}.jpeg"
        media.append((name, data))
        rels.append(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{name}"/>')
        caption = f"写真{k + 1}：{rng.choice(TOWNS)}{rng.randint(1, 9)}丁目 {rng.choice(['道路補修', '側溝清掃', '街路灯', '公園遊具', '河川護岸'])}の状況（{rng.randint(1, 12)}月{rng.randint(1, 28)}日撮影）"
        body.append(f"<w:p><w:r><w:t>{caption}</w:t></w:r></w:p>")
        body.append(
            f'<w:p><w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{k + 1}" name="Picture {k + 1}"/>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{k + 1}" name="photo{k + 1:04d}.jpeg"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f'</wp:inline></w:drawing></w:r></w:p>')
        total += len(data)
        k += 1
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}><w:body>'
                f'<w:p><w:r><w:t>現場写真報告書</w:t></w:r></w:p>' + "".join(body) +
                '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Default Extension="jpeg" ContentType="image/jpeg"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                     '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                 '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(rels) + '</Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>建設課 山田 太郎</dc:creator>'
            '<dc:title>現場写真報告書</dc:title></cp:coreProperties>')
    fixed = (2024, 6, 1, 0, 0, 0)  # fixed timestamps: the file is byte-for-byte reproducible

    def add(z, name, data, compress=zipfile.ZIP_DEFLATED):
        info = zipfile.ZipInfo(name, fixed)
        info.compress_type = compress
        z.writestr(info, data)
    with zipfile.ZipFile(out, "w") as z:
        add(z, "[Content_Types].xml", content_types)
        add(z, "_rels/.rels", root_rels)
        add(z, "word/document.xml", document)
        add(z, "word/_rels/document.xml.rels", doc_rels)
        add(z, "docProps/core.xml", core)
        for name, data in media:
            add(z, "word/" + name, data, zipfile.ZIP_STORED)
    print(f"photodocx: {k} photos, {os.path.getsize(out) / 1e6:.1f} MB")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd = argv[1]
    if cmd == "sources":
        cmd_sources(argv[2])
    elif cmd == "scanpdf":
        cmd_scanpdf(argv[2], argv[3], argv[4:])
    elif cmd == "bigcsv":
        cmd_bigcsv(argv[2], argv[3])
    elif cmd == "photodocx":
        cmd_photodocx(argv[2], argv[3], argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
