#!/usr/bin/env python3
"""Files the origin server of the Squid end-to-end test and the ICAP bench serves.

  icap_fixtures.py DIR     writes macro.docm (a VBA project), setup.exe (a PE header),
                           '<b>evil<i>.exe' (markup in the name) and notes.txt (Japanese);
                           and files larger than Squid 5's 64 KB virgin-body buffer (they
                           mostly take the early-response path): big.docm (~400 KB, a VBA
                           project),
                           big.txt (~3 MB Japanese text), big.exe (~200 KB PE) and
                           broken.docx (~2 MB, a zip header and garbage: blocked only after
                           the whole file arrived)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ooxml_check  # noqa: E402


def pe_stub():
    """An MZ header whose e_lfanew points at a PE signature: what detectors call an exe."""
    header = bytearray(b"MZ" + b"\0" * 62)
    header[0x3C:0x40] = (64).to_bytes(4, "little")
    return bytes(header) + b"PE\0\0" + b"\x4c\x01" + b"\0" * 250


def main(out):
    ooxml_check.make_docm(os.path.join(out, "macro.docm"))
    for name in ("setup.exe", "<b>evil<i>.exe"):
        with open(os.path.join(out, name), "wb") as f:
            f.write(pe_stub())
    with open(os.path.join(out, "notes.txt"), "w", encoding="utf-8") as f:
        f.write("無害化のお知らせ\n来週からインターネットのダウンロードは無害化されます。\n")
    ooxml_check.make_docm(os.path.join(out, "big.docm"), paragraphs=4000)
    with open(os.path.join(out, "big.txt"), "w", encoding="utf-8") as f:
        for i in range(40000):
            f.write(f"{i:05d} 大容量のお知らせ: 庁内ネットワークの更新作業を実施します。\n")
    with open(os.path.join(out, "big.exe"), "wb") as f:
        f.write(pe_stub() + bytes(range(256)) * 800)
    with open(os.path.join(out, "broken.docx"), "wb") as f:
        f.write(b"PK\x03\x04" + b"\x14\x00" * 1000000)


if __name__ == "__main__":
    main(sys.argv[1])
