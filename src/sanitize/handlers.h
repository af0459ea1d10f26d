// The format handlers behind the engine, shared by the top-level job and by the sanitizing of
// container members (member.h).
#pragma once

#include "job.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize {

using Handler = Result<FileType> (*)(Job&);

// The handler for a family and method; nullptr when that combination is not offered.
Handler handlerFor(Family family, Method method);

// True when a job of `family` under `method` reports a "converted <method>" action: the method
// converts the document itself (text files keep their type; archives and mail apply it to
// their members and stay containers).
inline bool methodConvertsDocument(Family family, Method method) {
  return method != Method::kCdr && family != Family::kText && family != Family::kArchive &&
         family != Family::kMail;
}

}  // namespace sanso::sanitize
