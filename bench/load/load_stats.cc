#include "load_stats.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

namespace sanso::bench {

double Latencies::percentile(double p) {
  if (values_.empty()) return 0;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values_.size())));
  return values_[std::clamp<size_t>(rank, 1, values_.size()) - 1];
}

double Latencies::mean() const {
  if (values_.empty()) return 0;
  return std::accumulate(values_.begin(), values_.end(), 0.0) / static_cast<double>(values_.size());
}

double Latencies::max() const {
  return values_.empty() ? 0 : *std::max_element(values_.begin(), values_.end());
}

ProcessSample sampleProcess(pid_t pid) {
  ProcessSample sample;
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream status(base + "/status");
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    uint64_t value = 0;
    fields >> key >> value;
    if (key == "VmHWM:") sample.peak_rss_kib = value;
    if (key == "VmRSS:") sample.rss_kib = value;
    if (key == "Threads:") sample.threads = static_cast<int>(value);
  }
  std::ifstream stat(base + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces.
  size_t close = text.rfind(')');
  if (close == std::string::npos || sample.peak_rss_kib == 0) return sample;
  std::istringstream rest(text.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  if (fields.size() < 13) return sample;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  sample.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
  sample.ok = true;
  return sample;
}

bool resetPeakRss(pid_t pid) {
  std::ofstream clear("/proc/" + std::to_string(pid) + "/clear_refs");
  clear << "5";
  clear.flush();
  return clear.good();
}

}  // namespace sanso::bench
