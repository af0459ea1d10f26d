#include "prefix_type.h"

#include <fcntl.h>
#include <unistd.h>

#include <string_view>

#include "download_name.h"
#include "sanso/common/file_io.h"
#include "sanso/sanitize/engine.h"
#include "sanso/store/unique_fd.h"

namespace sanso::icap {
namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kOle2Magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

std::string firstBytes(const std::string& path, size_t count) {
  store::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  std::string out(count, '\0');
  if (fd.get() < 0) return {};
  ssize_t n = ::pread(fd.get(), out.data(), count, 0);
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// The type of `family` (or kZip for an archive) whose extensions include the one of `name`.
std::optional<sanitize::FileType> typeByName(const std::string& name,
                                             std::initializer_list<sanitize::Family> families) {
  size_t dot = name.find_last_of('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string ext = mediaType(name.substr(dot + 1));
  for (const sanitize::TypeInfo& info : sanitize::allTypes()) {
    for (sanitize::Family family : families) {
      if (info.family == family && sanitize::extensionMatches(info.type, ext)) return info.type;
    }
  }
  return std::nullopt;
}

bool known(const Result<sanitize::FileType>& type) {
  return type.isOk() && *type != sanitize::FileType::kUnknown &&
         *type != sanitize::FileType::kEmpty;
}

// The prefix may end inside a multi-byte character (UTF-8 up to 4 bytes, Shift_JIS and
// EUC-JP 2), which makes text look broken: detects again without the last 1 to 3 bytes.
Result<sanitize::FileType> detectWithoutCutCharacter(const std::string& path,
                                                     const std::string& name,
                                                     const Limits& limits) {
  constexpr uint64_t kMaxCopy = 1u << 20;
  auto prefix = readFile(path, kMaxCopy);
  if (!prefix.isOk()) return prefix.status();
  if (prefix->size() >= kMaxCopy) return sanitize::FileType::kUnknown;  // not a cut-off tail
  const std::string copy = path + ".trimmed";
  Result<sanitize::FileType> type = sanitize::FileType::kUnknown;
  for (size_t cut = 1; cut <= 3 && cut < prefix->size() && !known(type); ++cut) {
    std::string_view data(*prefix);
    data.remove_suffix(cut);
    store::UniqueFd fd(::open(copy.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return Status::ioError("cannot create " + copy);
    SANSO_RETURN_IF_ERROR(writeAll(fd.get(), asBytes(data)));
    type = sanitize::detectFileType(copy, name, limits);
  }
  ::unlink(copy.c_str());
  return type;
}

}  // namespace

PrefixType prefixType(const std::string& path, const std::string& name, const Limits& limits) {
  using sanitize::Family;
  using sanitize::FileType;
  std::string magic = firstBytes(path, kOle2Magic.size());
  PrefixType out;
  if (magic.starts_with(kZipMagic)) {
    out.type = typeByName(name, {Family::kOoxml, Family::kOdf});
    if (!out.type) out.type = FileType::kZip;
    return out;
  }
  if (magic.starts_with(kOle2Magic)) {
    out.type = typeByName(name, {Family::kLegacyOffice});
    return out;
  }
  auto detected = sanitize::detectFileType(path, name, limits);
  if (!known(detected)) detected = detectWithoutCutCharacter(path, name, limits);
  if (!known(detected)) return out;
  out.type = *detected;
  out.by_content = true;
  return out;
}

}  // namespace sanso::icap
