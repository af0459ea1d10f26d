#!/usr/bin/env python3
"""The upload of the gateway load benchmark (bench/gateway-load.sh): a Word document of about
KB kilobytes, made at run time from seeded municipal prose (no network, stdlib only).

  gen_load_docx.py OUT [KB] [--macro]

The package looks like what Word writes: styles, theme, font table, settings, core and app
properties, and a document body of headings, paragraphs with run properties and tables, grown
until the zip reaches KB (default 100). With --macro it is a macro-enabled document (docm) that
also carries a VBA project part of about a fifth of the size, which 無害化 removes.
The output is byte-for-byte reproducible.
"""
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_inputs  # noqa: E402
from gen_inputs import DEPTS, HEADINGS, person, sentence  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG = "http://schemas.openxmlformats.org/package/2006/"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FIXED_TIME = (2024, 6, 1, 0, 0, 0)
FONTS = '<w:rFonts w:ascii="游明朝" w:eastAsia="游明朝" w:hAnsi="游明朝" w:cs="Times New Roman"/>'


# The characters of the benchmark vocabulary: prose drawn from them compresses about as well
# as real Japanese text does (the sentence list alone repeats far too often).
KANJI = sorted({c for c in "".join(gen_inputs.SENTENCES + DEPTS + HEADINGS + gen_inputs.SURNAMES
                                   + gen_inputs.GIVEN + gen_inputs.TOWNS) if ord(c) > 0x3000})
RNG = random.Random(20261130)
# Editing sessions, as Word records them on paragraphs and runs (w:rsidR...).
RSIDS = [f"{RNG.getrandbits(32):08X}" for _ in range(60)]


def prose(rng):
    """A paragraph: template sentences mixed with sentences of words drawn from KANJI."""
    out = []
    for _ in range(rng.randint(3, 8)):
        if rng.random() < 0.4:
            out.append(sentence(rng))
        else:
            words = ["".join(rng.choice(KANJI) for _ in range(rng.randint(2, 5)))
                     for _ in range(rng.randint(4, 12))]
            out.append("、".join(words) + "。")
    return "".join(out)


def run(text, bold=False):
    props = FONTS + ("<w:b/><w:bCs/>" if bold else "") + '<w:sz w:val="21"/><w:szCs w:val="21"/>'
    return (f'<w:r w:rsidRPr="{RNG.choice(RSIDS)}"><w:rPr>{props}</w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def para(text, style=None, bold=False):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else \
        '<w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/><w:ind w:firstLine="210"/></w:pPr>'
    return (f'<w:p w:rsidR="{RNG.choice(RSIDS)}" w:rsidRDefault="{RNG.choice(RSIDS)}">'
            f"{ppr}{run(text, bold)}</w:p>")


def table(rng):
    cell = '<w:tc><w:tcPr><w:tcW w:w="2200" w:type="dxa"/></w:tcPr>{}</w:tc>'
    rows = ["<w:tr>" + "".join(cell.format(para(h, bold=True)) for h in ("項目", "担当", "金額（千円）", "期限")) + "</w:tr>"]
    for _ in range(rng.randint(3, 8)):
        values = (rng.choice(HEADINGS), rng.choice(DEPTS), f"{rng.randint(10, 99999):,}",
                  f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        rows.append("<w:tr>" + "".join(cell.format(para(v)) for v in values) + "</w:tr>")
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="8800" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            '</w:tblPr><w:tblGrid>' + '<w:gridCol w:w="2200"/>' * 4 + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")


def section(rng, number):
    parts = [para(f"{number}. {rng.choice(HEADINGS)}", style="Heading1")]
    parts += [para(prose(rng)) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        parts.append(table(rng))
    if rng.random() < 0.3:
        parts += [para("・" + sentence(rng)) for _ in range(rng.randint(2, 4))]
    return "".join(parts)


def document_xml(body):
    return (XML_HEAD + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="1701" '
            'w:bottom="1701" w:left="1701" w:header="851" w:footer="992" w:gutter="0"/>'
            '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr>'
            "</w:body></w:document>")


def styles_xml():
    def style(sid, name, extra=""):
        return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
                f'<w:qFormat/><w:rPr>{FONTS}{extra}</w:rPr></w:style>')
    styles = style("Normal", "Normal") + style("Heading1", "heading 1", '<w:b/><w:sz w:val="28"/>')
    styles += "".join(style(f"Style{i}", f"sanso {i}", f'<w:sz w:val="{18 + i % 8}"/>') for i in range(40))
    return (XML_HEAD + f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{FONTS}'
            '<w:kern w:val="2"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr>'
            f"</w:rPrDefault></w:docDefaults>{styles}</w:styles>")


def theme_xml():
    colors = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in (
        ("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"), ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
        ("hlink", "0563C1"), ("folHlink", "954F72")))
    font = '<a:latin typeface="游明朝"/><a:ea typeface=""/><a:cs typeface=""/>'
    return (XML_HEAD + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
            '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
            f'<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>{colors}</a:clrScheme>'
            f'<a:fontScheme name="Office"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont>'
            '</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/>'
            '</a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/>'
            '</a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/>'
            '</a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
            '<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>'
            '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/>'
            '</a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>'
            '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
            '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
            "</a:theme>")


def package(body, macro, vba):
    main = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macro else
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    overrides = [("/word/document.xml", main), ("/word/styles.xml", wml + "styles+xml"),
                 ("/word/settings.xml", wml + "settings+xml"), ("/word/fontTable.xml", wml + "fontTable+xml"),
                 ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    if macro:
        overrides.append(("/word/vbaProject.bin", "application/vnd.ms-office.vbaProject"))
    types = (XML_HEAD + f'<Types xmlns="{PKG}content-types">'
             f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>")

    def rels(items):
        return (XML_HEAD + f'<Relationships xmlns="{PKG}relationships">'
                + "".join(f'<Relationship Id="rId{i + 1}" Type="{t}" Target="{target}"/>'
                          for i, (t, target) in enumerate(items)) + "</Relationships>")
    doc_rels = [(REL + "styles", "styles.xml"), (REL + "settings", "settings.xml"),
                (REL + "fontTable", "fontTable.xml"), (REL + "theme", "theme/theme1.xml")]
    if macro:
        doc_rels.append(("http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"))
    parts = [
        ("[Content_Types].xml", types),
        ("_rels/.rels", rels([(REL + "officeDocument", "word/document.xml"),
                              (PKG + "relationships/metadata/core-properties", "docProps/core.xml"),
                              (REL + "extended-properties", "docProps/app.xml")])),
        ("word/document.xml", document_xml(body)),
        ("word/_rels/document.xml.rels", rels(doc_rels)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", XML_HEAD + f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
                              '<w:defaultTabStop w:val="840"/><w:characterSpacingControl w:val="compressPunctuation"/>'
                              '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
                              "</w:compat></w:settings>"),
        ("word/fontTable.xml", XML_HEAD + f'<w:fonts xmlns:w="{W}"><w:font w:name="游明朝"><w:charset w:val="80"/>'
                               '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
                               '<w:font w:name="Times New Roman"><w:charset w:val="00"/></w:font></w:fonts>'),
        ("word/theme/theme1.xml", theme_xml()),
        ("docProps/core.xml", XML_HEAD + f'<cp:coreProperties xmlns:cp="{PKG}metadata/core-properties" '
                              'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>負荷試験資料</dc:title>'
                              "<dc:creator>総務課 山田 太郎</dc:creator></cp:coreProperties>"),
        ("docProps/app.xml", XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                             'extended-properties"><Application>Microsoft Office Word</Application>'
                             "<Company>宗像市役所</Company></Properties>"),
    ]
    if macro:
        parts.append(("word/vbaProject.bin", vba))
    return parts


def write_zip(out, parts):
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return os.path.getsize(out)


def vba_project(rng, size):
    """Bytes shaped like a compound file with VBA source: a header, then text and noise."""
    head = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(24)
    source = b'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n  Shell "cmd /c calc"\r\nEnd Sub\r\n'
    noise = bytes(rng.getrandbits(8) for _ in range(size))
    return head + source + noise


def main(argv):
    args = [a for a in argv[1:] if a != "--macro"]
    if not 1 <= len(args) <= 2:
        sys.exit(__doc__)
    out, target_kb = args[0], int(args[1]) if len(args) > 1 else 100
    macro = "--macro" in argv
    rng = random.Random(20261130)
    target = target_kb * 1000
    vba = vba_project(rng, target // 5) if macro else b""
    title = para(f"{rng.choice(DEPTS)} {rng.choice(HEADINGS)}資料", style="Heading1")
    body = [title, para(f"作成：{rng.choice(DEPTS)} {person(rng)}")]
    number = 1
    # Grow the body in steps, then back off to the last size under the target.
    while True:
        chunk = "".join(section(rng, number + i) for i in range(4))
        size = write_zip(out, package("".join(body + [chunk]), macro, vba))
        if size > target:
            break
        body.append(chunk)
        number += 4
    size = write_zip(out, package("".join(body), macro, vba))
    print(f"gen_load_docx: {out}: {size} bytes, {number - 1} sections{' with a VBA project' if macro else ''}")


if __name__ == "__main__":
    main(sys.argv)
