#!/usr/bin/env python3
"""Independent check of a sanitized OpenDocument package (zipfile + ElementTree only).

Usage: check_odf.py FILE [--text]. Prints one line per problem and exits 1 if any;
with --text, prints the text of content.xml instead (for Japanese-survival checks).
"""
import sys
import zipfile
import xml.etree.ElementTree as ET

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
XLINK = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN_NS = {
    "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "http://www.w3.org/2002/xforms",
    "http://www.w3.org/2001/xml-events",
    "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0",
}
D = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TB = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
P = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
FORBIDDEN_ELEMENTS = {
    (D, "object"), (D, "object-ole"), (D, "applet"), (D, "plugin"), (D, "floating-frame"),
    (D, "control"), (OFFICE, "event-listeners"), (OFFICE, "scripts"), (OFFICE, "forms"),
    (OFFICE, "dde-source"), (P, "event-listener"), (T, "execute-macro"), (T, "script"),
    (T, "dde-connection-decls"), (T, "dde-connection-decl"), (T, "dde-connection"),
    (T, "section-source"), (TB, "dde-links"), (TB, "dde-link"), (TB, "dde-source"),
    (TB, "table-source"), (TB, "cell-range-source"), (TB, "error-macro"),
}
BAD_FORMULA = ("DDE(", "WEBSERVICE(", "'#", "FILE:")


def split(tag):
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def check(path):
    problems = []
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    if not infos or infos[0].filename != "mimetype":
        problems.append("mimetype is not the first entry")
    else:
        first = infos[0]
        if first.compress_type != zipfile.ZIP_STORED or first.extra:
            problems.append("mimetype is compressed or has an extra field")
        with open(path, "rb") as f:
            head = f.read(38 + len(z.read("mimetype")))
        if head[30:38] != b"mimetype":
            problems.append("mimetype is not at offset 30")
    mimetype = z.read("mimetype").decode()
    names = {i.filename for i in infos}
    manifest = ET.fromstring(z.read("META-INF/manifest.xml"))
    listed = set()
    for entry in manifest.iter("{%s}file-entry" % MANIFEST):
        full = entry.get("{%s}full-path" % MANIFEST)
        if full == "/":
            if entry.get("{%s}media-type" % MANIFEST) != mimetype:
                problems.append("manifest root media type differs from mimetype")
        else:
            listed.add(full)
        if len(list(entry)):
            problems.append("manifest entry with encryption or children: " + full)
    expected = names - {"mimetype", "META-INF/manifest.xml"}
    if listed != expected:
        problems.append("manifest lists %s, package has %s" % (sorted(listed), sorted(expected)))
    for name in names:
        top = name.split("/")[0]
        if top in ("Basic", "Scripts", "Dialogs", "Configurations2", "Thumbnails") or \
                name.startswith("Object "):
            problems.append("entry left: " + name)
        if not name.endswith(".xml") or name.startswith("META-INF/"):
            continue
        root = ET.fromstring(z.read(name))
        for el in root.iter():
            ns, local = split(el.tag)
            if ns in FORBIDDEN_NS or (ns, local) in FORBIDDEN_ELEMENTS:
                problems.append("%s: element %s left" % (name, el.tag))
            for key, value in el.attrib.items():
                ans, alocal = split(key)
                if ans in FORBIDDEN_NS:
                    problems.append("%s: attribute %s left" % (name, key))
                if key == XLINK:
                    v = value.strip().lower()
                    if (ns, local) in ((T, "a"), (D, "a")):
                        if not (v.startswith("http://") or v.startswith("https://") or
                                v.startswith("mailto:") or v.startswith("#")):
                            problems.append("%s: link %s left" % (name, value))
                    elif ":" in v or v.startswith("/") or ".." in v:
                        problems.append("%s: external reference %s on %s" % (name, value, local))
                    elif v.lstrip("./") not in {n.lower() for n in names}:
                        problems.append("%s: reference to missing %s" % (name, value))
                if alocal in ("formula", "expression") and \
                        any(b in value.upper().replace(" ", "") for b in BAD_FORMULA):
                    problems.append("%s: external formula %s" % (name, value))
                if "vnd.sun.star.script" in value.lower() or value.lower().startswith("macro:"):
                    problems.append("%s: macro URL %s" % (name, value))
    return problems


def text(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    return "".join(root.itertext())


def main():
    if len(sys.argv) > 2 and sys.argv[2] == "--text":
        sys.stdout.write(text(sys.argv[1]))
        return 0
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
