// The allowlist of RTF control words: what sanso keeps, what it drops, and how the reader
// treats each kept word. A word that is not listed is dropped (and a `\*` destination that is
// not listed is dropped with its whole group).
#pragma once

#include <string_view>

namespace sanso::sanitize::rtf {

enum class WordKind {
  kFormat,       // character, paragraph, section, table, list or document formatting: kept
  kBreak,        // par, line, tab, cell, row, page...: kept; a break in extracted text
  kChar,         // emdash, lquote, bullet...: becomes the character it stands for
  kDestination,  // a destination sanso keeps (honoured at the start of a group only)
  kDrop,         // a destination sanso drops with its whole group
  kSpecial,      // handled by the reader itself (\u, \uc, \bin, \f, \fcharset, \pict...)
};

// What the text of a kept destination is.
enum class DestKind {
  kNone,
  kContent,   // document text: header, footer, footnote, field result...
  kTable,     // formatting tables whose text is names: fonttbl, stylesheet, listtable...
  kInfo,      // \info
  kMetaKeep,  // info items kept: title, subject, creation and revision times
  kPersonal,  // info items that name people or places: kept only with --keep-metadata
  kField,     // \field
  kFieldInst, // \fldinst
  kFieldResult,
  kPicture,   // \pict
  kTransparent,  // \upr: an ordinary group; the word itself is not written
};

struct WordInfo {
  WordKind kind = WordKind::kFormat;
  DestKind dest = DestKind::kNone;
  char32_t character = 0;      // kChar
  std::string_view slug;       // kDrop: the report's `what`
  std::string_view text = {};  // kBreak: what it becomes in extracted text
};

// The entry for `name` (case-sensitive, as RTF is); nullptr when the word is not allowlisted.
const WordInfo* lookupWord(std::string_view name);

}  // namespace sanso::sanitize::rtf
