#include "rtf/reader.h"

#include <algorithm>
#include <map>
#include <set>

#include "media/media.h"
#include "ooxml/word_fields.h"
#include "rtf/codepage.h"
#include "text/utf8.h"

namespace sanso::sanitize::rtf {
namespace {

constexpr const char* kWhere = "rtf";

enum class Mode {
  kEmit,        // content and formatting go to the sink
  kField,       // a \field group: only its \fldinst and \fldrslt groups count
  kInstruction, // \fldinst: text collected into the field's instruction
  kPicture,     // \pict: hex digits and \bin data collected
};

struct Group {
  Mode mode = Mode::kEmit;
  bool emitted = false;   // its '{' went to the sink
  bool at_start = true;   // nothing but \* read yet
  bool ignorable = false; // \* read at its start
  bool content = true;
  DestKind dest = DestKind::kNone;
  int font = -1;
  int uc = 1;
  int field = -1;  // index into fields_ for kField and kInstruction groups
};

struct Field {
  std::string instruction;
  bool has_instruction = false;
  bool nested = false;
  bool decided = false;
  bool allowed = false;
  bool emitted = false;
};

struct PictureState {
  std::string kind;
  std::string data;
  int nibble = -1;
  std::vector<std::pair<std::string, int32_t>> properties;
};

// The report slug of a field type, as for Word documents.
std::string fieldSlug(const std::string& type) {
  if (type == "DDE" || type == "DDEAUTO") return "dde-field";
  if (type == "INCLUDETEXT" || type == "INCLUDEPICTURE" || type == "INCLUDE") {
    return "include-field";
  }
  if (type == "IMPORT") return "import-field";
  if (type == "LINK") return "link-field";
  if (type == "HYPERLINK") return "hyperlink-field";
  return "field";
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hexValue(char c) {
  if (c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// Words inside a dropped group worth naming in the report.
bool notable(std::string_view name) {
  static const std::set<std::string_view> kNotable = {
      "objemb", "objlink", "objautlink", "objupdate", "objocx", "objhtml", "objdata",
      "objclass", "bin", "objsub", "objpub", "objicemb", "rsltpict", "rslttxt"};
  return kNotable.count(name) != 0;
}

class Reader {
 public:
  Reader(Job& job, Sink& sink, bool pictures) : job_(job), sink_(sink), pictures_(pictures) {}

  Status run() {
    Lexer lexer(job_.input);
    Token first = lexer.next();
    Token header = lexer.next();
    if (first.kind != TokenKind::kOpen || header.kind != TokenKind::kWord ||
        !header.name.starts_with("rt")) {
      return Status::blocked("malformed-rtf", "the document does not start with {\\rt");
    }
    stack_.push_back(Group{});
    stack_.back().emitted = true;
    stack_.back().at_start = false;
    SANSO_RETURN_IF_ERROR(sink_.open());
    SANSO_RETURN_IF_ERROR(sink_.word(Word{"rtf", true, 1, false, WordKind::kFormat, {}}, false));
    uint64_t tokens = 2;
    const Limits& limits = job_.budget.limits();
    while (!stack_.empty()) {
      Token t = lexer.next();
      if (t.kind == TokenKind::kEnd) break;
      if (++tokens % 65536 == 0) {
        SANSO_RETURN_IF_ERROR(job_.budget.checkTime(kWhere));
        SANSO_RETURN_IF_ERROR(
            job_.budget.check("rtf-tokens", tokens, limits.max_rtf_tokens, kWhere));
      }
      SANSO_RETURN_IF_ERROR(token(t));
    }
    SANSO_RETURN_IF_ERROR(job_.budget.check("rtf-tokens", tokens, limits.max_rtf_tokens, kWhere));
    if (!stack_.empty()) {
      job_.log.add("repaired", "unbalanced-groups", kWhere,
                   std::to_string(stack_.size() + skip_depth_) + " groups left open");
      if (skip_depth_ > 0) skip_depth_ = 1;  // the dropped group closes with its children
      while (!stack_.empty()) SANSO_RETURN_IF_ERROR(close());
    } else {
      const std::string_view rest = asChars(job_.input).substr(lexer.offset());
      if (rest.find_first_not_of(std::string_view(" \t\r\n\0", 5)) != std::string_view::npos) {
        job_.log.removed("trailing-data", kWhere,
                         std::to_string(rest.size()) + " bytes after the document's last brace");
      }
    }
    return Status::ok();
  }

 private:
  Status token(const Token& t) {
    if (skip_depth_ > 0) return skipToken(t);
    if (t.kind == TokenKind::kOpen) return open();
    if (t.kind == TokenKind::kClose) return close();
    Group& g = stack_.back();
    if (g.mode == Mode::kPicture) return pictureToken(t);
    if (skip_chars_ > 0 && t.kind != TokenKind::kText) {
      --skip_chars_;  // a \u fallback: \'hh, a symbol or a word count as one character
      return Status::ok();
    }
    switch (t.kind) {
      case TokenKind::kText: {
        std::string_view data = t.data;
        if (skip_chars_ > 0) {
          const size_t n = std::min<size_t>(skip_chars_, data.size());
          skip_chars_ -= static_cast<int>(n);
          data.remove_prefix(n);
        }
        if (data.empty()) return Status::ok();
        SANSO_RETURN_IF_ERROR(begin());
        return bytes(data);
      }
      case TokenKind::kHex:
        SANSO_RETURN_IF_ERROR(begin());
        if (!t.valid) {
          job_.log.add("repaired", "invalid-hex-escape", kWhere);
          return Status::ok();
        }
        return bytes(std::string_view(reinterpret_cast<const char*>(&t.byte), 1));
      case TokenKind::kSymbol:
        return symbol(t.symbol);
      case TokenKind::kWord:
        return word(t);
      default:
        return Status::ok();
    }
  }

  // --- groups -------------------------------------------------------------------------------

  Status open() {
    skip_chars_ = 0;
    SANSO_RETURN_IF_ERROR(flush());
    Group& parent = stack_.back();
    if (parent.mode == Mode::kPicture) return skip("", "", /*silent=*/true);
    if (parent.at_start) {
      if (parent.ignorable || (parent.mode == Mode::kEmit && parent.dest == DestKind::kField)) {
        SANSO_RETURN_IF_ERROR(begin());
        if (skip_depth_ > 0) {  // the parent turned out to be dropped
          ++skip_depth_;
          return checkDepth();
        }
      }
      // A group cannot become a destination after a nested group; its '{' waits until
      // something in it is kept, so that groups left empty are not written.
      stack_.back().at_start = false;
    }
    SANSO_RETURN_IF_ERROR(checkDepth());
    Group child = stack_.back();
    child.emitted = false;
    child.at_start = true;
    child.ignorable = false;
    if (child.mode == Mode::kField) {
      child.mode = Mode::kEmit;  // decided by the group's first word (\fldinst, \fldrslt)
      child.field = stack_.back().field;
      child.dest = DestKind::kField;
    }
    stack_.push_back(child);
    return Status::ok();
  }

  Status close() {
    skip_chars_ = 0;
    if (skip_depth_ > 0) {
      if (--skip_depth_ > 0) return Status::ok();
      if (!skip_silent_) {
        job_.log.removed(skip_slug_, kWhere, skip_detail_);
      }
      // The dropped group itself is still on the stack.
    }
    SANSO_RETURN_IF_ERROR(flush());
    Group g = stack_.back();
    stack_.pop_back();
    if (g.mode == Mode::kPicture) return finishPicture();
    if (g.mode == Mode::kInstruction && !stack_.empty() && stack_.back().mode == Mode::kField &&
        g.field >= 0 && stack_.back().field == g.field) {
      decideField(fields_[static_cast<size_t>(g.field)]);
    }
    if (g.mode == Mode::kField && g.field >= 0) {
      Field& f = fields_[static_cast<size_t>(g.field)];
      if (!f.decided) decideField(f);
      if (f.emitted) SANSO_RETURN_IF_ERROR(sink_.close());
      return Status::ok();
    }
    if (g.emitted) return sink_.close();
    return Status::ok();
  }

  Status checkDepth() {
    const uint64_t depth = stack_.size() + skip_depth_ + 1;
    return job_.budget.check("rtf-depth", depth, job_.budget.limits().max_rtf_depth, kWhere);
  }

  // Drops the rest of the current group (all of it when nothing was read yet).
  Status skip(std::string_view slug, std::string detail, bool silent = false) {
    if (stack_.back().mode == Mode::kPicture && !silent) silent = true;
    if (skip_depth_ > 0) return Status::ok();
    SANSO_RETURN_IF_ERROR(flush());
    if (silent && stack_.back().mode == Mode::kPicture) {
      // A group nested in a picture: skipped whole, the picture stays open.
      SANSO_RETURN_IF_ERROR(checkDepth());
      Group nested = stack_.back();
      nested.mode = Mode::kEmit;
      nested.emitted = false;
      stack_.push_back(nested);
    }
    skip_depth_ = 1;
    skip_silent_ = silent;
    skip_slug_ = std::string(slug);
    skip_detail_ = std::move(detail);
    return Status::ok();
  }

  Status skipToken(const Token& t) {
    if (t.kind == TokenKind::kOpen) {
      ++skip_depth_;
      return checkDepth();
    }
    if (t.kind == TokenKind::kClose) return close();
    if (t.kind == TokenKind::kWord && notable(t.name) &&
        skip_detail_.find(std::string("\\") + std::string(t.name)) == std::string::npos &&
        skip_detail_.size() < 200) {
      skip_detail_ += " \\" + std::string(t.name);
    }
    return Status::ok();
  }

  // Ends the start of the current group: a `{\*` group or a group in a field that did not
  // start with a destination sanso keeps is dropped. Kept groups are written only when
  // something in them is (emitPending), so that groups left empty disappear.
  Status begin() {
    Group& g = stack_.back();
    if (g.at_start) {
      g.at_start = false;
      if (g.ignorable) {
        // `{\*` followed by something other than a known destination: the group goes.
        return skip("unknown-destination", "\\* without a destination");
      }
      if (g.mode == Mode::kEmit && g.dest == DestKind::kField) {
        // A group in a field other than its instruction or result: ignored, as Word does.
        return skip("", "", true);
      }
    }
    return Status::ok();
  }

  // Writes the '{' of the first `count` groups on the stack that are kept but not written yet.
  Status emitPending(size_t count) {
    for (size_t i = 0; i < count; ++i) {
      Group& a = stack_[i];
      if (a.mode != Mode::kEmit || a.emitted || a.dest == DestKind::kField) continue;
      a.emitted = true;
      SANSO_RETURN_IF_ERROR(sink_.open());
    }
    return Status::ok();
  }

  // --- text -------------------------------------------------------------------------------

  int codepage() const {
    const Group& g = stack_.back();
    auto it = fonts_.find(g.font);
    if (it != fonts_.end() && it->second != 0) return it->second;
    return ansicpg_;
  }

  Status bytes(std::string_view data) {
    if (skip_depth_ > 0) return Status::ok();
    const int cp = codepage();
    if (!pending_.empty() && cp != pending_cp_) SANSO_RETURN_IF_ERROR(flush());
    pending_cp_ = cp;
    pending_.append(data);
    return Status::ok();
  }

  Status flush() {
    if (pending_.empty() && high_surrogate_ == 0) return Status::ok();
    std::string utf8;
    if (high_surrogate_ != 0) {
      text::appendUtf8(0xFFFD, utf8);
      high_surrogate_ = 0;
    }
    decodeCodepage(pending_, pending_cp_, utf8);
    pending_.clear();
    return deliver(utf8);
  }

  Status deliver(std::string_view utf8) {
    if (utf8.empty() || stack_.empty() || skip_depth_ > 0) return Status::ok();
    // Control characters are not text in any destination (TAB is \tab).
    std::string clean;
    clean.reserve(utf8.size());
    for (char c : utf8) {
      if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\t') clean.push_back(c);
    }
    if (clean.empty()) return Status::ok();
    utf8 = clean;
    Group& g = stack_.back();
    if (g.mode == Mode::kInstruction) {
      // The instruction is judged and written as one string: a TAB in it is a space.
      if (g.field >= 0) {
        std::string& instruction = fields_[static_cast<size_t>(g.field)].instruction;
        for (char c : utf8) instruction.push_back(c == '\t' ? ' ' : c);
      }
      return Status::ok();
    }
    if (g.mode != Mode::kEmit || g.dest == DestKind::kField) return Status::ok();
    SANSO_RETURN_IF_ERROR(emitPending(stack_.size()));
    return sink_.text(utf8, g.content);
  }

  Status character(char32_t cp) {
    SANSO_RETURN_IF_ERROR(begin());
    if (skip_depth_ > 0) return Status::ok();
    SANSO_RETURN_IF_ERROR(flushBytesOnly());
    std::string utf8;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (high_surrogate_ != 0) text::appendUtf8(0xFFFD, utf8);
      high_surrogate_ = cp;
      return deliver(utf8);
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF && high_surrogate_ != 0) {
      cp = 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (cp - 0xDC00);
      high_surrogate_ = 0;
    } else if (high_surrogate_ != 0) {
      text::appendUtf8(0xFFFD, utf8);
      high_surrogate_ = 0;
    }
    text::appendUtf8(cp, utf8);
    return deliver(utf8);
  }

  Status flushBytesOnly() {
    if (pending_.empty()) return Status::ok();
    std::string utf8;
    decodeCodepage(pending_, pending_cp_, utf8);
    pending_.clear();
    return deliver(utf8);
  }

  Status symbol(char c) {
    Group& g = stack_.back();
    if (c == '*') {
      if (g.at_start) {
        g.ignorable = true;
        return Status::ok();
      }
      return Status::ok();  // \* elsewhere means nothing
    }
    switch (c) {
      case '\\': case '{': case '}':
        SANSO_RETURN_IF_ERROR(begin());
        return bytes(std::string_view(&c, 1));
      case '~': return character(0x00A0);
      case '-': return character(0x00AD);
      case '_': return character(0x2011);
      case '\r': case '\n':
        return emitWord(Word{"par", false, 0, false, WordKind::kBreak, "\n"});
      default:
        SANSO_RETURN_IF_ERROR(begin());
        return Status::ok();  // \| \: and unknown symbols carry nothing
    }
  }

  // --- control words ------------------------------------------------------------------------

  Status emitWord(const Word& w) {
    SANSO_RETURN_IF_ERROR(begin());
    if (skip_depth_ > 0) return Status::ok();
    SANSO_RETURN_IF_ERROR(flush());
    Group& g = stack_.back();
    if (g.mode != Mode::kEmit || g.dest == DestKind::kField) return Status::ok();
    SANSO_RETURN_IF_ERROR(emitPending(stack_.size()));
    return sink_.word(w, g.content);
  }

  Status word(const Token& t) {
    Group& g = stack_.back();
    if (t.oversized) {
      SANSO_RETURN_IF_ERROR(begin());
      job_.log.removed("oversized-control-word", kWhere,
                       "\\" + std::string(t.name.substr(0, 32)) + "...");
      return Status::ok();
    }
    const WordInfo* info = lookupWord(t.name);
    if (info != nullptr && (info->kind == WordKind::kDestination || info->kind == WordKind::kDrop)) {
      return destination(t, *info);
    }
    if (g.at_start && g.ignorable) {
      if (t.name == "cs" || t.name == "ts") {
        // Character and table styles: {\*\cs10 ...} in the stylesheet.
        g.ignorable = false;
        g.at_start = false;
        g.content = false;
        g.dest = DestKind::kTable;
        SANSO_RETURN_IF_ERROR(flush());
        SANSO_RETURN_IF_ERROR(emitPending(stack_.size() - 1));
        stack_.back().emitted = true;
        SANSO_RETURN_IF_ERROR(sink_.open());
        return sink_.word(Word{t.name, t.has_param, t.param, true, WordKind::kFormat, {}}, false);
      }
      g.at_start = false;
      return skip("unknown-destination", "\\*\\" + std::string(t.name.substr(0, 64)));
    }
    if (info == nullptr) {
      SANSO_RETURN_IF_ERROR(begin());
      if (skip_depth_ == 0 && g.mode == Mode::kEmit) {
        job_.log.removed("control-word", kWhere, "\\" + std::string(t.name.substr(0, 64)));
      }
      return Status::ok();
    }
    switch (info->kind) {
      case WordKind::kChar:
        return character(info->character);
      case WordKind::kBreak:
        return emitWord(Word{t.name, t.has_param, t.param, false, WordKind::kBreak, info->text});
      case WordKind::kSpecial:
        return special(t);
      default:
        break;
    }
    // Formatting.
    if (t.name == "plain") stack_.back().font = deff_;
    if (t.name == "ansicpg" && t.has_param && t.param > 0) {
      SANSO_RETURN_IF_ERROR(flush());
      ansicpg_ = t.param;
    }
    return emitWord(Word{t.name, t.has_param, t.param, false, WordKind::kFormat, {}});
  }

  Status special(const Token& t) {
    Group& g = stack_.back();
    if (t.name == "u") {
      const int32_t value = t.has_param ? t.param : 0;
      const char32_t cp = static_cast<char32_t>(value < 0 ? value + 65536 : value) & 0xFFFF;
      SANSO_RETURN_IF_ERROR(character(cp));
      skip_chars_ = stack_.back().uc;
      return Status::ok();
    }
    if (t.name == "uc") {
      g.uc = t.has_param ? std::clamp(t.param, 0, 16) : 1;  // Word skips at most a few
      return Status::ok();
    }
    if (t.name == "bin") {
      SANSO_RETURN_IF_ERROR(begin());
      if (skip_depth_ == 0 && !t.data.empty()) {
        job_.log.removed("binary-data", kWhere, std::to_string(t.data.size()) + " bytes of \\bin");
      }
      return Status::ok();
    }
    if (t.name == "f") {
      SANSO_RETURN_IF_ERROR(flush());
      g.font = t.has_param ? t.param : 0;
      if (g.dest == DestKind::kTable) font_def_ = g.font;
      return emitWord(Word{t.name, t.has_param, t.param, false, WordKind::kFormat, {}});
    }
    if (t.name == "deff") {
      deff_ = t.has_param ? t.param : 0;
      if (stack_.size() == 1) stack_.back().font = deff_;
      return emitWord(Word{t.name, t.has_param, t.param, false, WordKind::kFormat, {}});
    }
    if (t.name == "fcharset" || t.name == "cpg") {
      SANSO_RETURN_IF_ERROR(flush());
      if (t.has_param) {
        const int cp = t.name == "cpg" ? t.param : codepageForCharset(t.param);
        if (t.name == "cpg" || fonts_[font_def_] == 0) fonts_[font_def_] = cp;
      }
      return emitWord(Word{t.name, t.has_param, t.param, false, WordKind::kFormat, {}});
    }
    // Picture types outside a picture mean nothing.
    return begin();
  }

  Status destination(const Token& t, const WordInfo& info) {
    Group& g = stack_.back();
    const std::string name(t.name);
    if (!g.at_start) {
      // Word switches destination wherever the word appears: the rest of the group goes.
      std::string slug = info.kind == WordKind::kDrop ? std::string(info.slug) : "misplaced-destination";
      if (g.mode == Mode::kPicture) return Status::ok();
      return skip(slug, "\\" + name + " inside a group");
    }
    if (info.kind == WordKind::kDrop) {
      g.at_start = false;
      return skip(info.slug, "\\" + name);
    }
    const bool ignorable = g.ignorable;
    g.ignorable = false;
    g.at_start = false;
    SANSO_RETURN_IF_ERROR(flush());
    switch (info.dest) {
      case DestKind::kPersonal:
        if (job_.options.remove_metadata) return skip("metadata", "\\" + name);
        break;
      case DestKind::kField:
        return openField();
      case DestKind::kFieldInst:
        return openInstruction();
      case DestKind::kFieldResult:
        return openResult();
      case DestKind::kPicture:
        g.mode = Mode::kPicture;
        picture_ = PictureState{};
        return Status::ok();
      case DestKind::kTransparent:
        return Status::ok();
      default:
        break;
    }
    if (g.mode != Mode::kEmit || g.dest == DestKind::kField) {
      return skip("", "", true);  // a destination inside field code: not document content
    }
    SANSO_RETURN_IF_ERROR(emitPending(stack_.size() - 1));
    Group& kept = stack_.back();
    kept.dest = info.dest;
    kept.content = info.dest == DestKind::kContent;
    kept.emitted = true;
    SANSO_RETURN_IF_ERROR(sink_.open());
    return sink_.word(Word{t.name, t.has_param, t.param, ignorable, WordKind::kDestination, {}},
                      kept.content);
  }

  // --- fields -------------------------------------------------------------------------------

  Status openField() {
    Group& g = stack_.back();
    if (g.mode == Mode::kInstruction) {
      // A field computing part of another field's instruction: that field cannot be judged.
      if (g.field >= 0) fields_[static_cast<size_t>(g.field)].nested = true;
      return skip("", "", true);
    }
    if (g.mode != Mode::kEmit || g.dest == DestKind::kField) return skip("", "", true);
    g.mode = Mode::kField;
    g.dest = DestKind::kField;
    g.field = static_cast<int>(fields_.size());
    fields_.emplace_back();
    return Status::ok();
  }

  Status openInstruction() {
    Group& g = stack_.back();
    if (g.dest != DestKind::kField || g.field < 0 || g.mode != Mode::kEmit) {
      return skip("field", "\\fldinst outside a field");
    }
    Field& f = fields_[static_cast<size_t>(g.field)];
    if (f.has_instruction || f.decided) return skip("field", "second \\fldinst");
    f.has_instruction = true;
    g.mode = Mode::kInstruction;
    return Status::ok();
  }

  void decideField(Field& f) {
    if (f.decided) return;
    f.decided = true;
    ooxml::FieldPolicy policy;
    policy.keep_hyperlinks = job_.options.keep_hyperlinks;
    const std::string type = ooxml::fieldType(f.instruction);
    f.allowed = f.has_instruction && !f.nested && ooxml::fieldAllowed(f.instruction, policy);
    if (!f.allowed) {
      job_.log.neutralized(fieldSlug(type), kWhere,
                           type.empty() ? "(computed or missing field type)" : type);
    }
  }

  Status openResult() {
    Group& g = stack_.back();
    if (g.dest == DestKind::kField && g.field >= 0 && g.mode == Mode::kEmit) {
      Field& f = fields_[static_cast<size_t>(g.field)];
      decideField(f);
      if (f.allowed && !f.emitted) {
        SANSO_RETURN_IF_ERROR(emitPending(stack_.size() - 1));
        f.emitted = true;
        SANSO_RETURN_IF_ERROR(sink_.open());
        SANSO_RETURN_IF_ERROR(sink_.word(Word{"field", false, 0, false, WordKind::kDestination, {}}, true));
        SANSO_RETURN_IF_ERROR(sink_.open());
        SANSO_RETURN_IF_ERROR(sink_.word(Word{"fldinst", false, 0, true, WordKind::kDestination, {}}, false));
        SANSO_RETURN_IF_ERROR(sink_.text(f.instruction, false));
        SANSO_RETURN_IF_ERROR(sink_.close());
      }
      g.dest = DestKind::kContent;
      g.content = true;
      if (!f.emitted) return Status::ok();  // the result alone: an ordinary group
      g.emitted = true;
      SANSO_RETURN_IF_ERROR(sink_.open());
      return sink_.word(Word{"fldrslt", false, 0, false, WordKind::kDestination, {}}, true);
    }
    if (g.mode != Mode::kEmit) return skip("", "", true);
    // A result outside a field: an ordinary group of text.
    g.dest = DestKind::kContent;
    g.content = true;
    return begin();
  }

  // --- pictures -----------------------------------------------------------------------------

  Status pictureToken(const Token& t) {
    PictureState& p = picture_;
    switch (t.kind) {
      case TokenKind::kText:
        for (char c : t.data) {
          if (!isHex(c)) continue;  // Word skips anything but hex digits
          if (p.nibble < 0) {
            p.nibble = hexValue(c);
          } else {
            p.data.push_back(static_cast<char>(p.nibble * 16 + hexValue(c)));
            p.nibble = -1;
          }
        }
        return Status::ok();
      case TokenKind::kHex:
        p.nibble = -1;  // Word drops an odd digit before \'hh
        return Status::ok();
      case TokenKind::kWord: {
        const std::string name(t.name);
        if (name == "bin") {
          p.nibble = -1;
          p.data.append(t.data);
          return Status::ok();
        }
        const WordInfo* info = lookupWord(name);
        if (info != nullptr && info->kind == WordKind::kSpecial && name != "u" && name != "uc" &&
            name != "f" && name != "deff" && name != "fcharset" && name != "cpg") {
          p.kind = name;
        } else if (name.starts_with("pic") && t.has_param && info != nullptr &&
                   info->kind == WordKind::kFormat) {
          p.properties.emplace_back(name, t.param);
        }
        return Status::ok();
      }
      default:
        return Status::ok();
    }
  }

  Status finishPicture() {
    PictureState p = std::move(picture_);
    picture_ = PictureState{};
    if (!pictures_) return Status::ok();
    SANSO_RETURN_IF_ERROR(job_.budget.chargeExpanded(p.data.size(), kWhere));
    const bool png = p.data.starts_with("\x89PNG\r\n\x1A\n");
    const bool jpeg = p.data.starts_with("\xFF\xD8\xFF");
    if ((p.kind != "pngblip" && p.kind != "jpegblip") || (!png && !jpeg)) {
      job_.log.removed("picture", kWhere,
                       (p.kind.empty() ? std::string("unknown kind") : "\\" + p.kind) +
                           ", only PNG and JPEG pictures are kept");
      return Status::ok();
    }
    auto encoded = media::reencode(asBytes(p.data), png ? FileType::kPng : FileType::kJpeg,
                                   job_.budget, "rtf picture");
    if (!encoded.isOk()) {
      const std::string& reason = encoded.status().reason();
      if (reason != "malformed-image" && reason != "unsupported-image") return encoded.status();
      job_.log.removed("picture", kWhere, "does not decode: " + encoded.status().message());
      return Status::ok();
    }
    Picture out;
    out.format = encoded->type == FileType::kJpeg ? "jpegblip" : "pngblip";
    out.bytes = std::move(encoded->bytes);
    out.properties = std::move(p.properties);
    job_.log.add("re-encoded", "image", kWhere);
    if (stack_.empty()) return Status::ok();
    Group& g = stack_.back();
    if (g.mode != Mode::kEmit || g.dest == DestKind::kField) return Status::ok();
    SANSO_RETURN_IF_ERROR(begin());
    if (skip_depth_ > 0) return Status::ok();
    SANSO_RETURN_IF_ERROR(emitPending(stack_.size()));
    return sink_.picture(out);
  }

  Job& job_;
  Sink& sink_;
  const bool pictures_;
  std::vector<Group> stack_;
  std::vector<Field> fields_;
  PictureState picture_;
  uint64_t skip_depth_ = 0;
  bool skip_silent_ = false;
  std::string skip_slug_;
  std::string skip_detail_;
  int skip_chars_ = 0;
  std::map<int, int> fonts_;
  int font_def_ = 0;
  int deff_ = 0;
  int ansicpg_ = 1252;
  std::string pending_;
  int pending_cp_ = 1252;
  char32_t high_surrogate_ = 0;
};

}  // namespace

Status readRtf(Job& job, Sink& sink, bool pictures) {
  Reader reader(job, sink, pictures);
  return reader.run();
}

}  // namespace sanso::sanitize::rtf
