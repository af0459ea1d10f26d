// The name a browser would give a downloaded response, and the headers that name a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sanso/icap/protocol.h"

namespace sanso::icap {

// The file name of a response: Content-Disposition's filename* (UTF-8) or filename, else the
// last segment of the request's URL path (percent-decoded); without directories, control
// bytes or invalid UTF-8. "download" when none is usable.
std::string downloadName(const std::optional<HttpHead>& request, const HttpHead& response);

// True when the response's Content-Disposition is `attachment` (a download, not a page).
bool isAttachment(const HttpHead& response);

// The host the request went to (Host header, else the authority of an absolute URL); only
// host characters are kept, "unknown" when none.
std::string requestHost(const std::optional<HttpHead>& request);

// `name` with its extension replaced by `extension` (no dot) unless it already has it.
std::string withExtension(const std::string& name, std::string_view extension);

// A Content-Disposition value of type `disposition` naming `name`: an ASCII filename="" with
// other bytes replaced by '_' and filename*=UTF-8''... (RFC 6266).
std::string contentDisposition(std::string_view disposition, const std::string& name);

// The media type of a Content-Type value, lower case, without parameters.
std::string mediaType(std::string_view content_type);

}  // namespace sanso::icap
