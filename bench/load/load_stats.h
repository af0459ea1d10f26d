// Figures of the gateway load benchmark: latency percentiles, and the server process's memory
// and CPU time read from /proc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sanso::bench {

// Latencies in milliseconds; percentiles by the nearest-rank method.
class Latencies {
 public:
  void add(double ms) { values_.push_back(ms); }
  size_t count() const { return values_.size(); }
  // The p-th percentile (0 < p <= 100); 0 when empty. Sorts the values.
  double percentile(double p);
  double mean() const;
  double max() const;

 private:
  std::vector<double> values_;
  bool sorted_ = false;
};

// A snapshot of a process from /proc/PID/status and /proc/PID/stat.
struct ProcessSample {
  bool ok = false;
  uint64_t peak_rss_kib = 0;  // VmHWM
  uint64_t rss_kib = 0;       // VmRSS
  double cpu_seconds = 0;     // user + system, all threads
  int threads = 0;
};

// Reads the sample of `pid`; ok is false when the process cannot be read.
ProcessSample sampleProcess(pid_t pid);

// Resets the process's peak RSS (VmHWM) to its current RSS (writes 5 to clear_refs); false
// when the kernel refuses.
bool resetPeakRss(pid_t pid);

}  // namespace sanso::bench
