// libmilter behind a thin wrapper: one filter per process (libmilter's design), listening on
// the configured socket, each connection's state owned by a Session freed at close.
#pragma once

#include "sanso/common/status.h"
#include "sanso/milter/message_processor.h"

namespace sanso::milter {

// Registers the filter, listens on processor.config().socket and serves until libmilter
// stops (SIGTERM, SIGINT or SIGHUP, handled by libmilter itself). One call per process.
Status runMilter(const MessageProcessor& processor);

}  // namespace sanso::milter
