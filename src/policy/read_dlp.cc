// dlp: what a hit does, and the pack's own keyword and regex patterns (the built-in
// detectors for 個人番号, 法人番号 and card numbers live in the dlp module).
#include "sanso/dlp/scanner.h"
#include "sections.h"

namespace sanso::policy {
namespace {

void readPattern(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item, {"id", "name", "keywords", "regex"}, diags);
  if (!map.ok()) return;
  DlpPattern pattern;
  Field id = map.require("id");
  if (auto text = readId(id, diags)) {
    for (const auto& existing : pack.dlp.patterns) {
      if (existing.id == *text) diags.add(id.mark, "duplicate pattern id '" + *text + "'");
    }
    pattern.id = *text;
  }
  pattern.name = readString(map.require("name"), diags).value_or("");
  Field keywords = map.get("keywords");
  Field regex = map.get("regex");
  if (keywords.present() == regex.present()) {
    diags.add(map.mark(), "a pattern has either 'keywords' or 'regex'");
    return;
  }
  if (keywords.present()) {
    pattern.keywords = readStringList(keywords, false, diags).value_or(std::vector<std::string>{});
    if (pattern.keywords.empty() && keywords.node.IsSequence()) {
      diags.add(keywords.mark, "'keywords': expected at least one keyword");
    }
  } else {
    pattern.regex = readString(regex, diags, 1024).value_or("");
    if (!pattern.regex.empty()) {
      Status compiled = dlp::checkRegex(pattern.id, pattern.regex);
      if (!compiled.isOk()) diags.add(regex.mark, "'regex': " + compiled.message());
    }
  }
  pack.dlp.patterns.push_back(std::move(pattern));
}

}  // namespace

void readDlp(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"on_hit", "patterns"}, diags);
  if (!map.ok()) return;
  auto on_hit = readChoice(map.require("on_hit"), {"block", "escalate"}, diags);
  pack.dlp.on_hit = on_hit == "escalate" ? DlpMode::kEscalate : DlpMode::kBlock;
  if (Field patterns = map.get("patterns"); patterns.present()) {
    for (const auto& item : readSequence(patterns, diags).value_or(std::vector<Field>{})) {
      readPattern(item, pack, diags);
    }
  }
}

}  // namespace sanso::policy
