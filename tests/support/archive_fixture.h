// Builds archives byte by byte for the archive tests (names in any encoding, flags, overlapping
// entries: what zip libraries refuse to write) and reads zip outputs back with Python's zipfile,
// a parser independent of sanso's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanso::test {

struct RawZipEntry {
  std::string name = {};  // bytes as stored (UTF-8, Shift_JIS, anything)
  std::string data = {};
  bool utf8_flag = false;  // general purpose bit 11
  bool deflate = false;
  uint32_t unix_mode = 0;  // external attributes' high half (0: none; 0120777: symlink)
  std::string extra = {};  // extra field, in the local and the central header
};

// An Info-ZIP Unicode Path extra field (0x7075) giving `utf8_name` for an entry whose stored
// name is `stored_name`.
std::string unicodePathExtra(const std::string& stored_name, const std::string& utf8_name);

// A zip of `entries` in order, written with its local headers and central directory by hand.
std::string buildRawZip(const std::vector<RawZipEntry>& entries);

// An overlapping-entry bomb in the style of David Fifield's "A better zip bomb": one deflated
// kernel of `kernel_bytes` zeros shared by `files` entries, each quoting the next entry's local
// header in a stored block, so that each entry's data runs to the end of the kernel.
std::string buildOverlapBomb(int files, size_t kernel_bytes);

// 42.zip-style nesting: `depth` levels of zips, each holding `fanout` copies of the level
// below; the innermost holds `fanout` deflated files of `leaf_bytes` zeros.
std::string buildNestedZip(int depth, int fanout, size_t leaf_bytes);

struct ZipMember {
  std::string name;
  bool utf8_flag = false;
  std::string data = {};
};
// The members of the zip at `path` as Python's zipfile reads them; fails the test when the
// file is not a valid zip (bad CRC, broken structure).
std::vector<ZipMember> readZipWithPython(const std::string& path);

}  // namespace sanso::test
