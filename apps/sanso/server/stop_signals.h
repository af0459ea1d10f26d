// SIGTERM and SIGINT for long-running subcommands (serve, icap): blocked in every thread (the
// threads started afterwards inherit the mask), then taken by the main thread with sigwait().
#pragma once

#include <signal.h>

namespace sanso::app {

// Blocks SIGTERM and SIGINT in the calling thread; returns the set for sigwait().
sigset_t blockStopSignals();

}  // namespace sanso::app
