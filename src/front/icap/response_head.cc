#include "response_head.h"

#include "download_name.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::icap {

Result<HttpHead> sanitizedHead(const HttpHead& response, const std::string& name,
                               const std::string& output_type, std::optional<uint64_t> length) {
  auto type = sanitize::typeFromName(output_type);
  if (!type) return Status::internal("unknown output type " + output_type);
  const sanitize::TypeInfo& info = sanitize::typeInfo(*type);
  HttpHead head;
  head.start_line = response.start_line;
  std::string disposition;
  for (const Header& h : response.headers) {
    static constexpr std::string_view kDropped[] = {
        "content-length",     "content-type",  "transfer-encoding",
        "content-encoding",   "content-md5",   "digest",
        "content-range",      "accept-ranges", "etag",
        "content-disposition"};
    std::string lower = mediaType(h.name);
    bool dropped = false;
    for (std::string_view d : kDropped) dropped = dropped || lower == d;
    if (lower == "content-disposition") disposition = h.value;
    if (!dropped) head.headers.push_back(h);
  }
  head.headers.push_back({"Content-Type", std::string(info.mime)});
  if (length) head.headers.push_back({"Content-Length", std::to_string(*length)});
  std::string extension = std::string(info.extensions.empty() ? "bin" : info.extensions[0]);
  size_t dot = name.find_last_of('.');
  std::string ext = dot == std::string::npos ? "" : mediaType(name.substr(dot + 1));
  bool name_ok = sanitize::extensionMatches(*type, ext);
  if (!disposition.empty() || !name_ok) {
    const char* kind = !disposition.empty() && !isAttachment(response) ? "inline" : "attachment";
    head.headers.push_back(
        {"Content-Disposition",
         contentDisposition(kind, name_ok ? name : withExtension(name, extension))});
  }
  head.headers.push_back({"X-Sanso-Sanitized", output_type});
  return head;
}

}  // namespace sanso::icap
