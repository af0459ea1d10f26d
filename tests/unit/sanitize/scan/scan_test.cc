// The scanning layer through the engine: YARA rules written here, and a real clamd started
// here with a one-line signature database (the public signatures are not needed).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "sanso/sanitize/engine.h"
#include "support/archive_fixture.h"
#include "support/test_util.h"

namespace sanso::sanitize {
namespace {

const std::string kMarker = "SANSO-TEST-MALWARE-MARKER-7f3a9c";
const std::string kClean = "令和8年度 予算執行計画（案）\n担当：総務課\n";

Report sanitize(const test::TempDir& dir, const std::string& name, const std::string& data,
                const Options& options) {
  const std::string in = dir.file(name);
  test::writeFileOrDie(in, data);
  auto report = Engine().sanitize(in, dir.file("out-" + name), options);
  if (!report.isOk()) throw std::runtime_error(report.status().toString());
  return *report;
}

const MemberReport* findMember(const Report& report, const std::string& name) {
  for (const auto& m : report.members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool hasScanAction(const std::vector<Action>& actions) {
  for (const auto& a : actions) {
    if (a.action == "kept" && a.what == "malware-scan") return true;
  }
  return false;
}

// A zip whose members are deflated, so that the marker is only visible once unpacked.
std::string zipWith(const std::string& marked) {
  return test::buildRawZip({{"notes.txt", kClean, false, true},
                            {"bad.txt", "本文 " + marked + " 以上\n", false, true}});
}

std::string yaraRules(const test::TempDir& dir) {
  const std::string path = dir.file("rules.yar");
  test::writeFileOrDie(path, "rule Sanso_Test_Marker {\n  strings:\n    $m = \"" + kMarker +
                                 "\"\n  condition:\n    $m\n}\n");
  return path;
}

TEST(ScanYara, PassesACleanFileAndRecordsTheScan) {
  test::TempDir dir;
  Options options;
  options.yara_rules = yaraRules(dir);
  Report report = sanitize(dir, "clean.txt", kClean, options);
  EXPECT_NE(report.verdict, Verdict::kBlocked) << report.message;
  EXPECT_TRUE(hasScanAction(report.actions));
  EXPECT_EQ(test::readFileOrDie(dir.file("out-clean.txt")), kClean);
}

TEST(ScanYara, BlocksAMatchNamingTheRule) {
  test::TempDir dir;
  Options options;
  options.yara_rules = yaraRules(dir);
  Report report = sanitize(dir, "bad.txt", "x " + kMarker + " y\n", options);
  EXPECT_EQ(report.verdict, Verdict::kBlocked);
  EXPECT_EQ(report.reason, "yara-match");
  EXPECT_NE(report.message.find("Sanso_Test_Marker"), std::string::npos) << report.message;
  EXPECT_FALSE(test::fileExists(dir.file("out-bad.txt")));
}

TEST(ScanYara, DropsAMatchingArchiveMember) {
  test::TempDir dir;
  Options options;
  options.yara_rules = yaraRules(dir);
  const std::string zip = zipWith(kMarker);
  ASSERT_EQ(zip.find(kMarker), std::string::npos);  // only the member scan can see it
  Report report = sanitize(dir, "a.zip", zip, options);
  ASSERT_NE(report.verdict, Verdict::kBlocked) << report.reason << ": " << report.message;
  const MemberReport* bad = findMember(report, "bad.txt");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->verdict, Verdict::kBlocked);
  EXPECT_EQ(bad->reason, "yara-match");
  EXPECT_NE(bad->message.find("Sanso_Test_Marker"), std::string::npos);
  const MemberReport* good = findMember(report, "notes.txt");
  ASSERT_NE(good, nullptr);
  EXPECT_NE(good->verdict, Verdict::kBlocked);
  EXPECT_TRUE(hasScanAction(good->actions));
  auto members = test::readZipWithPython(dir.file("out-a.zip"));
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name, "notes.txt");
  EXPECT_EQ(members[0].data, kClean);
}

TEST(ScanYara, BlocksWhenTheRulesDoNotCompile) {
  test::TempDir dir;
  Options options;
  options.yara_rules = dir.file("broken.yar");
  test::writeFileOrDie(options.yara_rules, "rule broken { condition: $undefined }\n");
  Report report = sanitize(dir, "clean.txt", kClean, options);
  EXPECT_EQ(report.reason, "scanner-unavailable");
  options.yara_rules = dir.file("missing.yar");
  EXPECT_EQ(sanitize(dir, "clean2.txt", kClean, options).reason, "scanner-unavailable");
}

TEST(ScanYara, RecompilesRulesWhenTheFileChanges) {
  test::TempDir dir;
  Options options;
  options.yara_rules = dir.file("rules.yar");
  test::writeFileOrDie(options.yara_rules, "rule Never { condition: false }\n");
  EXPECT_NE(sanitize(dir, "a.txt", kMarker, options).verdict, Verdict::kBlocked);
  yaraRules(dir);
  const timespec later[2] = {{0, UTIME_OMIT}, {::time(nullptr) + 10, 0}};  // a distinct mtime
  ASSERT_EQ(::utimensat(AT_FDCWD, options.yara_rules.c_str(), later, 0), 0);
  EXPECT_EQ(sanitize(dir, "b.txt", kMarker, options).reason, "yara-match");
}

TEST(ScanClamd, BlocksWhenTheSocketIsMissing) {
  test::TempDir dir;
  Options options;
  options.clamd_socket = dir.file("no-such.sock");
  Report report = sanitize(dir, "clean.txt", kClean, options);
  EXPECT_EQ(report.verdict, Verdict::kBlocked);
  EXPECT_EQ(report.reason, "scanner-unavailable");
}

// A clamd of its own, with a database holding one MD5 signature for `marked`.
class Clamd {
 public:
  Clamd(const test::TempDir& dir, const std::string& marked) : socket_(dir.file("clamd.sock")) {
    test::writeFileOrDie(dir.file("marked.bin"), marked);
    std::string md5 = test::runCommand("md5sum " + test::shellQuote(dir.file("marked.bin")));
    md5 = md5.substr(0, md5.find(' '));
    test::writeFileOrDie(dir.file("sanso.hdb"),
                         md5 + ":" + std::to_string(marked.size()) + ":Sanso.Test.Marker\n");
    const std::string conf = dir.file("clamd.conf");
    test::writeFileOrDie(conf, "LocalSocket " + socket_ + "\nDatabaseDirectory " + dir.path() +
                                   "\nTemporaryDirectory " + dir.path() +
                                   "\nForeground yes\nLogFile " + dir.file("clamd.log") +
                                   "\nStreamMaxLength 1M\n"
                                   // clamd unpacks no archive itself: a hit inside a zip
                                   // can only come from sanso's scan of the member.
                                   "ScanArchive no\n");
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(kClamd, kClamd, "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Bounded wait for the socket (clamd loads a one-line database in well under a second).
    for (int i = 0; i < 600 && !test::fileExists(socket_); ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~Clamd() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Clamd(const Clamd&) = delete;
  Clamd& operator=(const Clamd&) = delete;

  bool up() const { return pid_ > 0 && test::fileExists(socket_); }
  const std::string& socket() const { return socket_; }

  static constexpr const char* kClamd = "/usr/sbin/clamd";

 private:
  std::string socket_;
  pid_t pid_ = -1;
};

TEST(ScanClamd, BlocksASignatureAndPassesCleanInput) {
  if (::access(Clamd::kClamd, X_OK) != 0) GTEST_SKIP() << "clamd is not installed";
  test::TempDir dir;
  const std::string marked = "本文 " + kMarker + " 以上\n";
  Clamd clamd(dir, marked);
  ASSERT_TRUE(clamd.up()) << test::runCommand("cat " + test::shellQuote(dir.file("clamd.log")));
  Options options;
  options.clamd_socket = clamd.socket();

  Report clean = sanitize(dir, "clean.txt", kClean, options);
  EXPECT_NE(clean.verdict, Verdict::kBlocked) << clean.reason << ": " << clean.message;
  EXPECT_TRUE(hasScanAction(clean.actions));

  Report bad = sanitize(dir, "bad.txt", marked, options);
  EXPECT_EQ(bad.reason, "malware-detected");
  EXPECT_NE(bad.message.find("Sanso.Test.Marker"), std::string::npos) << bad.message;

  // Members are scanned on their own: the hash signature matches only the unpacked member.
  Report zip = sanitize(dir, "a.zip", zipWith(kMarker), options);
  ASSERT_NE(zip.verdict, Verdict::kBlocked) << zip.reason << ": " << zip.message;
  const MemberReport* member = findMember(zip, "bad.txt");
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->reason, "malware-detected");
  EXPECT_NE(findMember(zip, "notes.txt")->verdict, Verdict::kBlocked);

  // Past clamd's StreamMaxLength: no verdict, so blocked.
  Report big = sanitize(dir, "big.txt", std::string(3 << 20, 'a'), options);
  EXPECT_EQ(big.reason, "scanner-unavailable") << big.message;
}

}  // namespace
}  // namespace sanso::sanitize
