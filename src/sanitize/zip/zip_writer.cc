#include "zip/zip_writer.h"

#include <zip.h>

namespace sanso::sanitize::zip {
namespace {

// 1980-01-01 00:00 local, the zip epoch: outputs do not leak the time of processing.
constexpr time_t kZipEpoch = 315532800;

std::string zipError(::zip* archive) { return zip_error_strerror(zip_get_error(archive)); }

}  // namespace

Result<Writer> Writer::create(const std::string& path) {
  int error = 0;
  ::zip* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string message = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return Status::ioError("cannot create zip " + path + ": " + message);
  }
  Writer writer;
  writer.archive_ = archive;
  return writer;
}

Writer::Writer(Writer&& other) noexcept
    : archive_(other.archive_), buffers_(std::move(other.buffers_)) {
  other.archive_ = nullptr;
}

Writer::~Writer() {
  if (archive_ != nullptr) zip_discard(archive_);
}

Status Writer::add(const std::string& name, std::string data, bool deflate) {
  buffers_.push_back(std::move(data));
  const std::string& buffer = buffers_.back();
  zip_source_t* source = zip_source_buffer(archive_, buffer.data(), buffer.size(), 0);
  if (source == nullptr) return Status::internal("zip_source_buffer: " + zipError(archive_));
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return Status::internal("zip_file_add " + name + ": " + zipError(archive_));
  }
  auto idx = static_cast<zip_uint64_t>(index);
  if (zip_set_file_compression(archive_, idx, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                               deflate ? 3 : 0) != 0 ||
      zip_file_set_mtime(archive_, idx, kZipEpoch, 0) != 0) {
    return Status::internal("zip settings for " + name + ": " + zipError(archive_));
  }
  return Status::ok();
}

Status Writer::close() {
  if (zip_close(archive_) != 0) {
    std::string message = zipError(archive_);
    return Status::ioError("cannot write zip: " + message);
  }
  archive_ = nullptr;
  return Status::ok();
}

}  // namespace sanso::sanitize::zip
