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

}  // namespace sanso::sanitize
