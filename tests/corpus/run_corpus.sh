#!/usr/bin/env bash
# Conformance over ../shared/corpus: every file must be sanitized with no active content left
# (checked with unzip/grep and qpdf, not with sanso's own parsers) or blocked with a named
# reason. A crash, a hang, an unnamed refusal or a leftover marker fails the run.
set -uo pipefail
SANSO=$1
CORPUS=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

BOM=$'\xEF\xBB\xBF'
failures=0
passed=0
office_count=0
declare -a office_names
mkdir -p "$work/office"
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# Markers that must not survive in an OOXML package's parts.
ooxml_leftovers() {
  local out=$1
  unzip -Z1 "$out" 2>/dev/null | grep -iE 'vbaProject|vbaData|activeX|embeddings/|oleObject|macrosheets/|externalLink|connections\.xml|customUI' && return 0
  local xml
  xml=$(unzip -p "$out" '*.xml' '*.rels' '*.vml' 2>/dev/null)
  grep -aioE '(instrText|instr=)[^<]{0,40}(DDEAUTO|DDE |INCLUDETEXT|INCLUDEPICTURE|IMPORT |LINK )' <<<"$xml" && return 0
  grep -aoE '<Relationship [^>]*TargetMode="External"[^>]*>' <<<"$xml" | grep -v '/hyperlink"' && return 0
  grep -aioE 'ppaction://(program|macro|ole)|FmlaMacro|<o:OLEObject|_xlnm\.Auto_Open|Excel_BuiltIn_Auto_Open|"Auto_Open' <<<"$xml" && return 0
  return 1
}

# Markers that must not survive in an OpenDocument package; mimetype must come first.
odf_leftovers() {
  local out=$1
  unzip -Z1 "$out" 2>/dev/null | grep -E '^(Basic|Scripts|Dialogs|Configurations2)/|^Object ' && return 0
  [ "$(unzip -Z1 "$out" 2>/dev/null | head -1)" = mimetype ] || { echo "mimetype is not the first entry"; return 0; }
  local xml
  xml=$(unzip -p "$out" '*.xml' 2>/dev/null)
  grep -aioE 'event-listener|macro:|vnd\.sun\.star\.script|:dde-|table-source|cell-range-source|section-source|<draw:(object|object-ole|applet|plugin|floating-frame|control)[ />]|<office:(scripts|forms)' <<<"$xml" && return 0
  # Links only on text:a / draw:a to the web or within the document; pictures only from the package
  # (an embedded object's preview stays as a plain picture).
  grep -aoE '<[A-Za-z]+:[A-Za-z-]+ [^>]*xlink:href="[^"]*"' <<<"$xml" |
    grep -vE '^<(text|draw):a [^>]*xlink:href="(https?://|mailto:|#)[^"]*"$' |
    grep -vE 'xlink:href="(\./)?(Pictures|ObjectReplacements)/[^":]*"$' && return 0
  return 1
}

pdf_leftovers() {
  local out=$1
  qpdf --check "$out" >/dev/null 2>&1 || { echo "qpdf --check failed"; return 0; }
  qpdf --qdf --object-streams=disable "$out" - 2>/dev/null |
    grep -aoE '/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|EmbeddedFiles|XFA|RichMedia|GoToR|GoToE|SubmitForm|ImportData)[^A-Za-z]' && return 0
  return 1
}

# An archive output: a valid zip (Python's zipfile, CRCs checked) whose names are relative,
# UTF-8 and not executable, and whose members hold no Office leftovers. Prints what is wrong.
zip_leftovers() {
  python3 - "$1" <<'PY' && return 0
import re, sys, zipfile
try:
    z = zipfile.ZipFile(sys.argv[1])
    bad = z.testzip()
except Exception as e:
    print("not a valid zip:", e); sys.exit(0)
if bad:
    print("bad CRC:", bad); sys.exit(0)
runnable = re.compile(r"\.(exe|scr|com|pif|msi|js|jse|vbs|vbe|wsf|hta|ps1|bat|cmd|lnk|iso|img|vhdx?|one|chm|jar)$", re.I)
for info in z.infolist():
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        print("name without UTF-8 flag:", name); sys.exit(0)
    if name.startswith("/") or "\\" in name or ".." in name.split("/") or runnable.search(name):
        print("unsafe member:", name); sys.exit(0)
    data = z.read(info)
    if re.search(rb"vbaProject|activeX|oleObject", data):
        print("Office leftover in", name); sys.exit(0)
sys.exit(1)
PY
  return 1
}

# Active content left in an RTF output, found by grep, not by sanso's reader: objects and their
# data, \bin, external-content fields, datastore, template, unlisted pictures, shapes.
rtf_leftovers() {
  local out=$1 rtf
  head -c 6 "$out" | grep -q '^{\\rtf1' || { echo "no {\\rtf1 header"; return 0; }
  rtf=$(sed 's/\\\\/ /g' "$out")  # an escaped backslash is text, not a control word
  grep -aoiE '\\(obj[a-z]*|bin|datastore|template|xmlnstbl|generator|themedata|shp|do|nonshppict|wmetafile|emfblip|macpict|pmmetafile|dibitmap|wbitmap|ffentrymcr|ffexitmcr|docvar|hlinkbase)([^a-z]|$)' <<<"$rtf" | head -3 | grep . && return 0
  grep -aoiE 'fldinst[^}]{0,80}[^a-z](DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK)([^a-z]|$)' <<<"$rtf" | head -3 | grep . && return 0
  grep -aoiE 'd0cf11e0a1b11ae1' <<<"$rtf" | head -3 | grep . && return 0
  return 1
}

# Markup (HTML, SVG) read by Python's own parsers: nothing that runs or loads remotely.
markup_leftovers() {
  local out=$1 kind=$2
  python3 - "$out" "$kind" <<'PY'
import re, sys
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
path, kind = sys.argv[1], sys.argv[2]
data = open(path, encoding="utf-8").read()
found = []
ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
          "link", "foreignobject", "animate", "set", "handler", "noscript", "template"}
def attrs(tag, items):
    if tag.lower() in ACTIVE:
        found.append(tag)
    for name, value in items:
        value = re.sub(r"[\x00-\x20]", "", value or "").lower()
        if name.lower().startswith("on"):
            found.append(name)
        if name.lower().endswith("href") or name.lower() == "src":
            if not re.match(r"^(https?:|mailto:|#|data:image/(png|jpeg);base64,)", value):
                found.append("%s=%s" % (name, value[:40]))
        if re.search(r"expression\(|@import|url\((?!['\"]?#)", value):
            found.append("css in " + name)
if kind == "svg":
    for el in ET.fromstring(data.encode()).iter():
        attrs(el.tag.split("}")[-1], el.attrib.items())
        if el.tag.endswith("}style") and re.search(r"@import|url\((?!['\"]?#)", el.text or ""):
            found.append("style")
else:
    class P(HTMLParser):
        def handle_starttag(self, tag, a): attrs(tag, a)
        def handle_startendtag(self, tag, a): attrs(tag, a)
        def handle_comment(self, d): found.append("comment")
    P().feed(data)
print(" ".join(found))
sys.exit(0 if found else 1)
PY
}

check_one() {
  local input=$1 name=$2
  shift 2
  local out="$work/out" report="$work/report.json"
  rm -f "$out" "$report"
  timeout 120 "$SANSO" sanitize "$@" --report "$report" "$input" "$out" >/dev/null 2>"$work/stderr"
  local rc=$?
  case $rc in
    0)
      [ -s "$out" ] || [ -f "$out" ] || { fail "$name" "exit 0 without output"; return; }
      local type
      type=$(grep -o '"type": "[a-z0-9-]*"' "$report" | tail -1 | cut -d'"' -f4)
      case $type in
        docx|dotx|xlsx|xltx|pptx|potx|ppsx)
          if leftovers=$(ooxml_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi
          office_count=$((office_count + 1))
          cp "$out" "$work/office/$office_count.$type"
          office_names[$office_count]=$name ;;
        odf)  # a formula: headless LibreOffice loads none, so the unzip/grep checks only
          if leftovers=$(odf_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi ;;
        odt|ott|ods|ots|odp|otp|odg|otg)
          if leftovers=$(odf_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi
          office_count=$((office_count + 1))
          cp "$out" "$work/office/$office_count.$type"
          office_names[$office_count]=$name ;;
        pdf)
          if leftovers=$(pdf_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi ;;
        zip)
          if leftovers=$(zip_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi ;;
        rtf)
          if leftovers=$(rtf_leftovers "$out"); then fail "$name" "left: $leftovers"; return; fi
          office_count=$((office_count + 1))
          cp "$out" "$work/office/$office_count.rtf"
          office_names[$office_count]=$name ;;
        html|svg)
          if leftovers=$(markup_leftovers "$out" "$type"); then fail "$name" "left: $leftovers"; return; fi ;;
        csv)
          if leftovers=$(grep -aE "(^(${BOM})?|[,;	])\"?[=+@]" "$out"); then fail "$name" "formula left: $leftovers"; return; fi ;;
      esac
      echo "ok   $name: sanitized ($type)" ;;
    3)
      [ -e "$out" ] && { fail "$name" "blocked but output exists"; return; }
      local reason
      reason=$(grep -o '"reason": "[^"]*"' "$report" | cut -d'"' -f4)
      [ -n "$reason" ] || { fail "$name" "blocked without a reason"; return; }
      echo "ok   $name: blocked ($reason)" ;;
    124) fail "$name" "timeout"; return ;;
    *) fail "$name" "exit $rc: $(head -c 300 "$work/stderr")"; return ;;
  esac
  passed=$((passed + 1))
}

while IFS= read -r -d '' file; do
  check_one "$file" "${file#"$CORPUS"/}"
done < <(find "$CORPUS" -type f ! -name '*.md' -print0 | sort -z)

# The password-protected zips (oletools' `infected-test`) once more with the password: each
# must come out sanitized (nothing unsafe left in it) or blocked with a reason.
printf 'infected-test\n' >"$work/password"
while IFS= read -r -d '' file; do
  check_one "$file" "${file#"$CORPUS"/} (with password)" --password-file "$work/password"
done < <(find "$CORPUS" -type f -name '*.zip' -print0 | sort -z)

# Every Office output (OOXML, OpenDocument, RTF) must open: LibreOffice converts them all in one run.
if [ "$office_count" -gt 0 ] && command -v soffice >/dev/null; then
  (cd "$work/office" && timeout 900 soffice --headless --norestore \
    "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work/pdf" \
    ./* >"$work/soffice.log" 2>&1)
  for i in $(seq 1 "$office_count"); do
    if [ ! -s "$work/pdf/$i.pdf" ]; then
      fail "${office_names[$i]}" "sanitized output does not open in LibreOffice"
      passed=$((passed - 1))
    fi
  done
  echo "LibreOffice opened $((office_count)) sanitized Office files"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
