#include "sanso/common/status.h"

namespace sanso {

std::string Status::toString() const {
  if (isOk()) return "ok";
  if (message_.empty()) return reason_;
  return reason_ + ": " + message_;
}

}  // namespace sanso
