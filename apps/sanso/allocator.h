// Process-wide malloc settings, applied once at the start of main().
#pragma once

namespace sanso::app {

// Keeps up to 64 MiB of freed heap for reuse instead of giving it back to the kernel after
// every file, and serves blocks under 16 MiB from the heap: one job's XML trees and buffers
// are then reused by the next instead of being faulted in (and zeroed) again. Larger blocks
// (100 MB inputs) are still mapped and unmapped, so the peak stays where it was.
void tuneAllocator();

}  // namespace sanso::app
