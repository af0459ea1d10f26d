// Reads an archive member by member with libarchive, from memory, under the job's limits.
// Nothing is ever written to disk, and names are only returned, never used as paths.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"

struct archive;

namespace sanso::sanitize::archive {

struct MemberHeader {
  enum class Kind { kFile, kDirectory, kLink, kSpecial };
  // The name as stored: UTF-8 when libarchive knew the encoding (zip UTF-8 flag or Info-ZIP
  // Unicode Path field, 7z, pax), else the raw bytes (see decodeName()).
  std::string raw_name;
  Kind kind = Kind::kFile;
  bool encrypted = false;
};

class ArchiveReader {
 public:
  // Opens `data` (which must outlive the reader) as an archive of `type` (only that format and
  // its compression filter are enabled). `password` may be empty.
  static Result<ArchiveReader> open(ByteView data, FileType type, const std::string& password);
  ArchiveReader(ArchiveReader&&) noexcept;
  ArchiveReader& operator=(ArchiveReader&&) = delete;
  ~ArchiveReader();

  // The next member's header; nullopt after the last one. Blocks with "encrypted" when the
  // headers are encrypted, "malformed-archive" when they do not parse.
  Result<std::optional<MemberHeader>> next();
  // Reads the current member's data into `out` (or only counts it when `out` is nullptr),
  // charging every byte to the budget's expanded total and to `charge` (the caller's own
  // limits, such as the ratio) as it is inflated. Blocks with "limit-archive-member-size"
  // past `max_bytes`, "encrypted" when the data cannot be decrypted (no or wrong password),
  // "malformed-archive" when it does not decompress or fails its checksum.
  Status read(std::string* out, uint64_t max_bytes, Budget& budget, const std::string& where,
              const std::function<Status(uint64_t)>& charge);
  // True for a lone compressed stream (gz, bz2, xz holding no tar): one member, no name.
  bool isRawStream() const;

 private:
  ArchiveReader() = default;
  Status failure(const std::string& where) const;

  struct ::archive* archive_ = nullptr;
  FileType type_ = FileType::kUnknown;
  bool has_password_ = false;
  bool current_encrypted_ = false;
};

}  // namespace sanso::sanitize::archive
