#include "digit_normalizer.h"

#include <string>
#include <vector>

#include "sanso/common/utf8.h"

namespace sanso::dlp {
namespace {

// How a separator joins two digit groups.
enum class Link {
  kSpace,    // ' ', U+00A0, U+3000: joins groups written like "1234 5678 9012"
  kDash,     // hyphens, dashes, minus signs and the long-vowel marks mistyped for them
  kDecimal,  // '.', U+FF0E: a decimal point; the groups it joins are never a candidate
  kComma,    // ',', U+FF0C: thousands grouping when it joins 1-3 digits to exactly 3
  kBreak,    // not joined
};

int digitValue(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= U'\uFF10' && cp <= U'\uFF19') return static_cast<int>(cp - U'\uFF10');
  return -1;
}

Link separatorLink(char32_t cp) {
  switch (cp) {
    case U' ':
    case U'\u00A0':
    case U'\u3000':
      return Link::kSpace;
    case U'-':
    case U'\u2010':  // hyphen
    case U'\u2011':  // non-breaking hyphen
    case U'\u2012':  // figure dash
    case U'\u2013':  // en dash
    case U'\u2014':  // em dash
    case U'\u2015':  // horizontal bar
    case U'\u2212':  // minus sign
    case U'\u30FC':  // katakana prolonged sound mark, typed for a hyphen in full-width mode
    case U'\uFE63':  // small hyphen-minus
    case U'\uFF0D':  // full-width hyphen-minus
    case U'\uFF70':  // half-width prolonged sound mark
      return Link::kDash;
    case U'.':
    case U'\uFF0E':
      return Link::kDecimal;
    case U',':
    case U'\uFF0C':
      return Link::kComma;
    default:
      return Link::kBreak;
  }
}

bool isPlus(char32_t cp) { return cp == U'+' || cp == U'\uFF0B'; }

// A digit group as read: its digits (kept up to max_digits + 1) and its span in the text.
struct Group {
  std::string digits;
  size_t count = 0;
  uint64_t byte_begin = 0;
  uint64_t byte_end = 0;
  bool plus_before = false;
};

// Consecutive groups judged together: an atom, or a space-separated sequence of atoms. Only
// spans of at most max_digits keep their digits, so memory stays bounded on any input.
struct Span {
  std::string digits;
  std::vector<uint32_t> sizes;
  size_t count = 0;
  uint64_t byte_begin = 0;
  uint64_t byte_end = 0;
  bool numeric = false;  // holds a decimal point or thousands comma
  bool plus_before = false;
};

// Receives the groups of the text in order and emits the candidates (rules: docs/dlp.md).
// Atoms are groups joined by dashes or numeric punctuation; an atom is a candidate unless it
// holds numeric punctuation. Single-group atoms joined by spaces form one more candidate.
class CandidateBuilder {
 public:
  CandidateBuilder(size_t min_digits, size_t max_digits,
                   const std::function<void(const DigitCandidate&)>& visit)
      : min_digits_(min_digits), max_digits_(max_digits), visit_(visit) {}

  // Adds the next group; `link` is what joins it to the previous group (kBreak: nothing).
  void addGroup(const Group& group, Link link) {
    if (link == Link::kComma) {
      // A comma joins only thousands grouping ("1,234,567"); elsewhere ("983205673214,5") it
      // separates fields.
      bool thousands = previous_count_ >= 1 && previous_count_ <= 3 && group.count == 3;
      link = thousands ? Link::kDecimal : Link::kBreak;
    }
    previous_count_ = group.count;
    if (atom_groups_ > 0 && (link == Link::kDash || link == Link::kDecimal)) {
      append(atom_, spanOf(group));
      atom_.numeric = atom_.numeric || link == Link::kDecimal;
      ++atom_groups_;
      return;
    }
    closeAtom();
    if (link != Link::kSpace) closeChain();
    atom_ = spanOf(group);
    atom_groups_ = 1;
    atom_after_space_ = link == Link::kSpace;
  }

  // Emits what is still open; call once at the end of the text.
  void finish() {
    closeAtom();
    closeChain();
  }

 private:
  Span spanOf(const Group& group) const {
    Span span;
    span.count = group.count;
    if (group.count <= max_digits_) {
      span.digits = group.digits;
      span.sizes.push_back(static_cast<uint32_t>(group.count));
    }
    span.byte_begin = group.byte_begin;
    span.byte_end = group.byte_end;
    span.plus_before = group.plus_before;
    return span;
  }

  void append(Span& to, const Span& from) const {
    to.count += from.count;
    to.byte_end = from.byte_end;
    if (to.count <= max_digits_) {
      to.digits += from.digits;
      to.sizes.insert(to.sizes.end(), from.sizes.begin(), from.sizes.end());
    } else {
      to.digits.clear();
      to.sizes.clear();
    }
  }

  void closeAtom() {
    if (atom_groups_ == 0) return;
    if (!atom_.numeric && !atom_.plus_before) emit(atom_);
    if (atom_groups_ == 1 && atom_after_space_ && chain_atoms_ > 0) {
      append(chain_, atom_);
      ++chain_atoms_;
    } else {
      closeChain();
      if (atom_groups_ == 1) {
        chain_ = atom_;
        chain_atoms_ = 1;
      }
    }
    atom_groups_ = 0;
  }

  void closeChain() {
    if (chain_atoms_ >= 2 && !chain_.plus_before) emit(chain_);
    chain_atoms_ = 0;
  }

  void emit(const Span& span) const {
    if (span.count < min_digits_ || span.count > max_digits_) return;
    DigitCandidate candidate;
    candidate.digits = span.digits;
    candidate.groups = span.sizes;
    candidate.offset = span.byte_begin;
    candidate.length = span.byte_end - span.byte_begin;
    visit_(candidate);
  }

  size_t min_digits_;
  size_t max_digits_;
  const std::function<void(const DigitCandidate&)>& visit_;
  size_t previous_count_ = 0;
  Span atom_;
  size_t atom_groups_ = 0;  // 0: no open atom
  bool atom_after_space_ = false;
  Span chain_;
  size_t chain_atoms_ = 0;  // single-group atoms joined by spaces; 0: no open chain
};

}  // namespace

void forEachDigitCandidate(std::string_view utf8, size_t min_digits, size_t max_digits,
                           const std::function<void(const DigitCandidate&)>& visit) {
  CandidateBuilder builder(min_digits, max_digits, visit);
  Group group;
  bool in_digits = false;
  bool after_plus = false;
  Link pending = Link::kBreak;     // the separator after the last group, while it may join
  Link group_link = Link::kBreak;  // what joins the group being read to the one before
  for (size_t pos = 0; pos < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[pos]);
    CodePoint cp = byte < 0x80 ? CodePoint{byte, 1} : decodeUtf8(utf8, pos);
    int value = digitValue(cp.value);
    if (value >= 0) {
      if (!in_digits) {
        group.digits.clear();
        group.count = 0;
        group.byte_begin = pos;
        group.plus_before = after_plus;
        group_link = pending;
      }
      if (group.count++ <= max_digits) group.digits.push_back(static_cast<char>('0' + value));
      group.byte_end = pos + cp.length;
      in_digits = true;
    } else {
      if (in_digits) builder.addGroup(group, group_link);
      Link link = separatorLink(cp.value);
      pending = in_digits ? link : Link::kBreak;
      in_digits = false;
    }
    after_plus = isPlus(cp.value);
    pos += cp.length;
  }
  if (in_digits) builder.addGroup(group, group_link);
  builder.finish();
}

}  // namespace sanso::dlp
