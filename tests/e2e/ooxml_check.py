#!/usr/bin/env python3
"""Fixtures and independent checks for the browser end-to-end test (zipfile only, no sanso code).

  ooxml_check.py make-docm OUT        writes a small Word document with a VBA project (.docm)
  ooxml_check.py check-docx FILE      exits 0 when FILE is a docx without macros, else 1
"""
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def make_docm(out, paragraphs=0):
    """A docm whose main part is macro-enabled and which holds word/vbaProject.bin; with
    `paragraphs`, that many numbered paragraphs more, stored uncompressed (a large file)."""
    types = (XML_DECL +
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
             f'<Override PartName="/word/document.xml" ContentType="{MACRO_MAIN}"/></Types>')
    rels = (XML_DECL + f'<Relationships xmlns="{R}">'
            f'<Relationship Id="rId1" Type="{DOC_REL}" Target="word/document.xml"/></Relationships>')
    doc_rels = (XML_DECL + f'<Relationships xmlns="{R}">'
                f'<Relationship Id="rIdV" Type="{VBA_REL}" Target="vbaProject.bin"/></Relationships>')
    document = (XML_DECL + f'<w:document xmlns:w="{W}"><w:body>'
                '<w:p><w:r><w:t>令和8年度 防災訓練の実施要領</w:t></w:r></w:p>'
                '<w:p><w:r><w:t>集合は午前9時、市役所正面玄関前です。</w:t></w:r></w:p>' +
                ''.join(f'<w:p><w:r><w:t>第{i}項: 避難経路と集合場所を確認してください。</w:t></w:r></w:p>'
                        for i in range(paragraphs)) +
                '<w:sectPr/></w:body></w:document>')
    # An OLE2 signature followed by a VBA-looking stream name: never executed, only carried.
    vba = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 24 + "Attribute VB_Name = \"AutoOpen\"".encode()
    compression = zipfile.ZIP_STORED if paragraphs else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", compression) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/vbaProject.bin", vba)


def check_docx(path):
    """Problems found in `path` as a docx without macros; empty when it is one."""
    problems = []
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            types = z.read("[Content_Types].xml").decode("utf-8")
            document = z.read("word/document.xml").decode("utf-8")
            rels = "".join(z.read(n).decode("utf-8") for n in names if n.endswith(".rels"))
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError) as e:
        return [f"not a readable docx: {e}"]
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        problems.append("a vbaProject.bin is still there")
    if "macroenabled" in types.lower():
        problems.append("a content type is still macroEnabled")
    if DOCX_MAIN not in types:
        problems.append("the main part is not a plain docx document")
    if "vbaProject" in rels:
        problems.append("a relationship still points at a VBA project")
    if "令和8年度" not in document:
        problems.append("the text of the document was lost")
    return problems


def main(argv):
    if len(argv) == 3 and argv[1] == "make-docm":
        make_docm(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "check-docx":
        problems = check_docx(argv[2])
        for p in problems:
            print(f"{argv[2]}: {p}", file=sys.stderr)
        if not problems:
            print(f"{argv[2]}: docx without macros")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
