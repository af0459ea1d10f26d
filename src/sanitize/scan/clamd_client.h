// A client for clamd's INSTREAM command over its UNIX socket (libclamav is never linked: the
// signatures and the scanning engine stay in clamd's own process).
#pragma once

#include <chrono>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::scan {

struct ClamdVerdict {
  bool infected = false;
  std::string signature;  // the signature clamd named, when infected
};

// Streams `data` to the clamd listening on the UNIX socket `socket_path` and reads its verdict.
// Every send and receive waits at most `timeout`; the reply is bounded in length. Blocked
// "scanner-unavailable" when clamd cannot be reached, times out, answers with an error
// (including "INSTREAM size limit exceeded": the input is longer than clamd's
// StreamMaxLength) or answers something unexpected.
Result<ClamdVerdict> clamdScan(const std::string& socket_path, ByteView data,
                               std::chrono::milliseconds timeout);

}  // namespace sanso::sanitize::scan
