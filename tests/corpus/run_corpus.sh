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
  grep -aioE 'ppaction://(program|macro|ole)|FmlaMacro|<o:OLEObject|_xlnm\.Auto_Open|"Auto_Open' <<<"$xml" && return 0
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

check_one() {
  local input=$1 name=$2
  local out="$work/out" report="$work/report.json"
  rm -f "$out" "$report"
  timeout 120 "$SANSO" sanitize --report "$report" "$input" "$out" >/dev/null 2>"$work/stderr"
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

# Every Office output (OOXML and OpenDocument) must open: LibreOffice converts them all in one run.
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
