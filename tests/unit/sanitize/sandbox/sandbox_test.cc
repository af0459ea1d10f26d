// The bubblewrap sandbox: what a helper can see and do, and that it dies whole.
#include "sandbox/sandbox.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/test_util.h"

namespace sanso::sanitize::sandbox {
namespace {

using namespace std::chrono_literals;

// Runs `script` with /usr/bin/sh in the sandbox and returns its output (up to 64 lines).
std::string runInSandbox(const std::string& script, SandboxSpec spec = {}) {
  spec.argv = {"/usr/bin/sh", "-c", script + "; echo END"};
  auto process = SandboxProcess::start(spec);
  EXPECT_TRUE(process.isOk());
  if (!process.isOk()) return {};
  std::string out;
  for (int i = 0; i < 64; ++i) {
    auto line = process->readLine(4096, Clock::now() + 20s);
    if (!line.isOk() || *line == "END") break;
    out += *line + "\n";
  }
  return out;
}

class Sandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sandboxAvailable()) GTEST_SKIP() << "bubblewrap is not installed";
  }
};

TEST_F(Sandbox, SeesNoHostFilesAndNoNetwork) {
  std::string out = runInSandbox(
      "id -u; for p in /work /root /home /var /etc/passwd /etc/shadow /run; do "
      "test -e $p && echo visible $p; done; cat /proc/net/dev | tail -n +3 | cut -d: -f1; "
      "touch /usr/sanso-probe 2>/dev/null && echo usr-writable; "
      "echo data > /tmp/x && cat /tmp/x");
  EXPECT_NE(out.find("65534\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("visible"), std::string::npos) << out;
  EXPECT_EQ(out.find("usr-writable"), std::string::npos) << out;
  EXPECT_NE(out.find("data\n"), std::string::npos) << out;
  // Only the loopback interface of its own network namespace.
  EXPECT_NE(out.find("lo\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("eth"), std::string::npos) << out;
}

TEST_F(Sandbox, ResourceLimitsApplyInside) {
  SandboxSpec spec;
  spec.memory_bytes = 512ull << 20;
  spec.cpu_seconds = 7;
  spec.max_open_files = 64;
  spec.max_file_bytes = 1 << 20;
  std::string out = runInSandbox(
      "grep -E 'Max (cpu time|open files|file size|address space)' /proc/self/limits | "
      "tr -s ' '; head -c 2000000 /dev/zero > /tmp/big 2>/dev/null; wc -c < /tmp/big",
      spec);
  EXPECT_NE(out.find("Max cpu time 7 7"), std::string::npos) << out;
  EXPECT_NE(out.find("Max open files 64 64"), std::string::npos) << out;
  EXPECT_NE(out.find("Max file size 1048576 1048576"), std::string::npos) << out;
  EXPECT_NE(out.find("Max address space 536870912 536870912"), std::string::npos) << out;
  EXPECT_NE(out.find("1048576\n"), std::string::npos) << out;  // writes stop at the limit
}

TEST_F(Sandbox, TimeoutThenStopKillsEverythingInside) {
  SandboxSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "sleep 4242 & sleep 4242 & echo started; wait"};
  auto process = SandboxProcess::start(spec);
  ASSERT_TRUE(process.isOk());
  auto started = process->readLine(100, Clock::now() + 20s);
  ASSERT_TRUE(started.isOk()) << started.status().toString();
  EXPECT_EQ(*started, "started");
  auto silent = process->readLine(100, Clock::now() + 200ms);
  ASSERT_FALSE(silent.isOk());
  EXPECT_EQ(silent.status().reason(), "sandbox-timeout");
  process->stop();
  EXPECT_FALSE(process->running());
  // The pid namespace goes with bwrap: no sleeper survives (polled, not timed).
  std::string left;
  for (int i = 0; i < 100; ++i) {
    left = test::runCommand("pgrep -f 'sleep 424[2]' || true");
    if (left.empty()) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(left, "");
}

TEST_F(Sandbox, AHelperThatExitsIsAnErrorNotACrash) {
  SandboxSpec spec;
  spec.argv = {"/usr/bin/sh", "-c", "exit 3"};
  auto process = SandboxProcess::start(spec);
  ASSERT_TRUE(process.isOk());
  auto line = process->readLine(100, Clock::now() + 20s);
  ASSERT_FALSE(line.isOk());
  EXPECT_EQ(line.status().reason(), "sandbox-exited");
  // Writing to it afterwards fails cleanly (no SIGPIPE).
  std::string big(1 << 20, 'x');
  auto written = process->write(asBytes(big), Clock::now() + 20s);
  EXPECT_FALSE(written.isOk());
}

}  // namespace
}  // namespace sanso::sanitize::sandbox
