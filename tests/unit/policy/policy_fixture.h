// A small valid pack whose line numbers the loader tests rely on, and helpers to break it.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace sanso::policy::test {

// Line numbers in comments; tests replace whole lines by number.
inline const std::string kMinimalPack =
    "urn: urn:sanso:pack:test\n"  // 1
    "version: 1\n"                // 2
    "locale: ja\n"                // 3
    "name: テスト用パック\n"      // 4
    "zones:\n"                    // 5
    "  - {id: mynumber, name: マイナンバー利用事務系, definition: d, clause: 6(3)①, "
    "isolated: true}\n"                                                   // 6
    "  - {id: lgwan, name: LGWAN接続系, definition: d, clause: 6(3)②}\n"  // 7
    "  - {id: internet, name: インターネット接続系, definition: d, clause: 6(3)③, "
    "untrusted: true}\n"                                                    // 8
    "flows:\n"                                                              // 9
    "  - from: internet\n"                                                  // 10
    "    to: lgwan\n"                                                       // 11
    "    allow: true\n"                                                     // 12
    "    reason: 無害化して取り込む\n"                                      // 13
    "    clause: 6(3)②\n"                                                   // 14
    "    sanitize: {default: [cdr, image-pdf], by_type: {text: [text]}}\n"  // 15
    "  - from: lgwan\n"                                                     // 16
    "    to: internet\n"                                                    // 17
    "    allow: true\n"                                                     // 18
    "    reason: 承認を経て送る\n"                                          // 19
    "    clause: 6(3)②\n"                                                   // 20
    "    approval: supervisor\n"                                            // 21
    "    dlp: block\n"                                                      // 22
    "classification:\n"                                                     // 23
    "  confidentiality:\n"                                                  // 24
    "    name: 機密性\n"                                                    // 25
    "    clause: 6(2)\n"                                                    // 26
    "    levels:\n"                                                         // 27
    "      - {id: \"3\", name: 機密性3, description: d, rules: [{outside: [lgwan, "
    "mynumber], action: deny, reason: 外へ出せない}]}\n"  // 28
    "      - {id: \"2\", name: 機密性2, description: d, rules: [{to: [internet], action: "
    "approval, reason: 承認が要る}]}\n"                     // 29
    "      - {id: \"1\", name: 機密性1, description: d}\n"  // 30
    "  integrity: {name: 完全性, clause: 6(2), levels: [{id: \"1\", name: 完全性1, "
    "description: d}]}\n"  // 31
    "  availability: {name: 可用性, clause: 6(2), levels: [{id: \"1\", name: 可用性1, "
    "description: d}]}\n"                                                               // 32
    "roles:\n"                                                                          // 33
    "  - {id: staff, name: 職員等, clause: \"5\", duties: [遵守する], admin: false}\n"  // 34
    "retention: {originals_days: 30, transfers_days: 7, audit_years: 5}\n"              // 35
    "uploads: {max_bytes: 1048576}\n";                                                  // 36

// `pack` with line `number` (1-based) replaced by `text` (which may hold several lines, or
// none when empty).
inline std::string withLine(const std::string& pack, int number, const std::string& text) {
  std::istringstream in(pack);
  std::string line;
  std::string out;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n != number) {
      out += line + "\n";
    } else if (!text.empty()) {
      out += text + "\n";
    }
  }
  return out;
}

}  // namespace sanso::policy::test
