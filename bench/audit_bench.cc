// Durable audit appends per second with many threads (group commit):
//   audit_bench [THREADS [RECORDS_PER_THREAD [DIR]]]
// Writes a fresh log in DIR (default: a new directory under $TMPDIR, removed afterwards).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "sanso/audit/audit_log.h"

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 64;
  int per_thread = argc > 2 ? std::atoi(argv[2]) : 200;
  std::string dir;
  bool remove = argc <= 3;
  if (!remove) {
    dir = argv[3];
  } else {
    const char* tmp = std::getenv("TMPDIR");
    dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/sanso-audit-bench-XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) return 1;
  }
  if (threads < 1 || per_thread < 1) {
    std::fprintf(stderr, "usage: audit_bench [THREADS [RECORDS_PER_THREAD [DIR]]]\n");
    return 2;
  }
  int status = 0;
  {
    auto log = sanso::audit::AuditLog::open(dir);
    if (!log.isOk()) {
      std::fprintf(stderr, "%s\n", log.status().toString().c_str());
      return 1;
    }
    std::atomic<int> failures{0};
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          sanso::audit::Event event{"user" + std::to_string(t),
                                    "lgwan",
                                    "transfer.create",
                                    "T-" + std::to_string(i),
                                    {{"size", i}, {"type", "docx"}}};
          if (!(*log)->append(event).isOk()) ++failures;
        }
      });
    }
    for (auto& thread : pool) thread.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int total = threads * per_thread;
    std::printf("audit_bench: %d durable appends from %d threads in %.2f s: %.0f records/s%s\n",
                total, threads, seconds, total / seconds, failures ? " (with failures)" : "");
    auto verify_start = std::chrono::steady_clock::now();
    auto report = (*log)->verify();
    double verify_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - verify_start).count();
    bool intact = report.isOk() && report->intact();
    std::printf("audit_bench: verify %s in %.2f s\n", intact ? "intact" : "FAILED", verify_seconds);
    status = failures == 0 && intact ? 0 : 1;
  }
  if (remove) std::filesystem::remove_all(dir);
  return status;
}
