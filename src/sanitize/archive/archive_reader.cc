#include "archive/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cwchar>
#include <vector>

#include "archive/utf8_locale.h"
#include "text/utf8.h"

namespace sanso::sanitize::archive {
namespace {

constexpr size_t kChunk = 64 * 1024;

// Enables exactly the reader for `type`: what detection saw is what gets parsed.
Status enableFormat(struct ::archive* a, FileType type) {
  int rc = ARCHIVE_OK;
  switch (type) {
    case FileType::kZip:
      rc = archive_read_support_format_zip_seekable(a);  // through the central directory
      break;
    case FileType::k7z:
      rc = archive_read_support_format_7zip(a);
      break;
    case FileType::kTar:
      rc = archive_read_support_format_tar(a);
      break;
    case FileType::kLzh:
      rc = archive_read_support_format_lha(a);
      break;
    case FileType::kGzip:
    case FileType::kBzip2:
    case FileType::kXz:
      rc = type == FileType::kGzip    ? archive_read_support_filter_gzip(a)
           : type == FileType::kBzip2 ? archive_read_support_filter_bzip2(a)
                                      : archive_read_support_filter_xz(a);
      if (rc == ARCHIVE_OK) rc = archive_read_support_format_tar(a);
      if (rc == ARCHIVE_OK) rc = archive_read_support_format_raw(a);
      break;
    default:
      return Status::internal("not an archive type");
  }
  if (rc != ARCHIVE_OK) return Status::internal("libarchive lacks a reader for this format");
  return Status::ok();
}

// UTF-8 of a wide (UCS-4) name, for entries whose name libarchive only holds in that form.
std::string fromWide(const wchar_t* wide) {
  std::string out;
  for (; *wide != 0; ++wide) text::appendUtf8(static_cast<char32_t>(*wide), out);
  return out;
}

MemberHeader::Kind kindOf(struct archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return MemberHeader::Kind::kLink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG: return MemberHeader::Kind::kFile;
    case AE_IFDIR: return MemberHeader::Kind::kDirectory;
    case AE_IFLNK: return MemberHeader::Kind::kLink;
    default: return MemberHeader::Kind::kSpecial;
  }
}

}  // namespace

Result<ArchiveReader> ArchiveReader::open(ByteView data, FileType type,
                                          const std::string& password) {
  ArchiveReader reader;
  reader.type_ = type;
  reader.archive_ = archive_read_new();
  if (reader.archive_ == nullptr) return Status::internal("cannot allocate a libarchive reader");
  SANSO_RETURN_IF_ERROR(enableFormat(reader.archive_, type));
  if (!password.empty()) {
    if (archive_read_add_passphrase(reader.archive_, password.c_str()) != ARCHIVE_OK) {
      return Status::internal("cannot set the archive password");
    }
    reader.has_password_ = true;
  }
  if (archive_read_open_memory(reader.archive_, data.data(), data.size()) != ARCHIVE_OK) {
    const char* error = archive_error_string(reader.archive_);
    return Status::blocked("malformed-archive", std::string("cannot open the archive: ") +
                                                    (error != nullptr ? error : "unknown error"));
  }
  return reader;
}

ArchiveReader::ArchiveReader(ArchiveReader&& other) noexcept
    : archive_(other.archive_),
      type_(other.type_),
      has_password_(other.has_password_),
      current_encrypted_(other.current_encrypted_) {
  other.archive_ = nullptr;
}

ArchiveReader::~ArchiveReader() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

Status ArchiveReader::failure(const std::string& where) const {
  const char* error = archive_error_string(archive_);
  std::string detail = error != nullptr ? error : "unknown error";
  // Data errors count as encryption failures for encrypted members only (a wrong ZipCrypto
  // password passes its 1-byte check once in 256 and then fails as bad data).
  const bool encrypted = current_encrypted_ || detail.find("assphrase") != std::string::npos ||
                         detail.find("ncrypt") != std::string::npos;
  if (encrypted && type_ == FileType::k7z) {
    return Status::blocked("encrypted", "encrypted 7z archives cannot be opened (libarchive "
                                        "decrypts zip only): " + where);
  }
  if (encrypted && has_password_) {
    return Status::blocked("wrong-password",
                           "the password does not open " + where + " (" + detail + ")");
  }
  if (encrypted) {
    return Status::blocked("encrypted", "password-protected: " + where +
                                            " (give the password with --password-file)");
  }
  return Status::blocked("malformed-archive", where + ": " + detail);
}

Result<std::optional<MemberHeader>> ArchiveReader::next() {
  // Names are converted in the thread's locale: C.UTF-8 gives UTF-8 for every name whose
  // encoding the archive declares and leaves the others as raw bytes.
  ScopedUtf8Locale locale;
  struct archive_entry* entry = nullptr;
  const int rc = archive_read_next_header(archive_, &entry);
  if (rc == ARCHIVE_EOF) return std::optional<MemberHeader>();
  if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
    current_encrypted_ = false;
    return failure("archive header");
  }
  MemberHeader header;
  if (const char* utf8 = archive_entry_pathname_utf8(entry)) {
    header.raw_name = utf8;
  } else if (const char* raw = archive_entry_pathname(entry)) {
    header.raw_name = raw;
  } else if (const wchar_t* wide = archive_entry_pathname_w(entry)) {
    header.raw_name = fromWide(wide);
  }
  header.kind = kindOf(entry);
  header.encrypted = archive_entry_is_encrypted(entry) != 0;
  current_encrypted_ = header.encrypted;
  return std::optional<MemberHeader>(std::move(header));
}

Status ArchiveReader::read(std::string* out, uint64_t max_bytes, Budget& budget,
                           const std::string& where,
                           const std::function<Status(uint64_t)>& charge) {
  std::vector<char> chunk(kChunk);
  uint64_t total = 0;
  while (true) {
    const la_ssize_t got = archive_read_data(archive_, chunk.data(), chunk.size());
    if (got == 0) return Status::ok();
    if (got < 0) return failure(where);
    total += static_cast<uint64_t>(got);
    SANSO_RETURN_IF_ERROR(budget.chargeExpanded(static_cast<uint64_t>(got), where));
    SANSO_RETURN_IF_ERROR(budget.check("archive-member-size", total, max_bytes, where));
    SANSO_RETURN_IF_ERROR(budget.checkTime(where));
    SANSO_RETURN_IF_ERROR(charge(static_cast<uint64_t>(got)));
    if (out != nullptr) out->append(chunk.data(), static_cast<size_t>(got));
  }
}

bool ArchiveReader::isRawStream() const {
  return archive_format(archive_) == ARCHIVE_FORMAT_RAW;
}

}  // namespace sanso::sanitize::archive
