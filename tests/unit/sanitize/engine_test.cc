// The engine's contract: detection from content, reports, atomic outputs, limits, threads.
#include "sanso/sanitize/engine.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "detect.h"
#include "sanso/common/sha256.h"
#include "sanso/sanitize/output_type.h"
#include "support/cfb_builder.h"
#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize {
namespace {

std::string sampleDocx() {
  test::DocxSpec spec;
  spec.body_xml = "<w:p><w:r><w:t>並行処理の確認</w:t></w:r></w:p>";
  return test::buildDocx(spec);
}

FileType detect(const std::string& bytes) {
  Limits limits;
  Budget budget(limits);
  auto type = detectType(asBytes(bytes), budget);
  return type.isOk() ? *type : FileType::kUnknown;
}

TEST(Detect, UsesContentNotNames) {
  EXPECT_EQ(detect(sampleDocx()), FileType::kDocx);
  EXPECT_EQ(detect(test::tinyPng()), FileType::kPng);
  EXPECT_EQ(detect("%PDF-1.7\n"), FileType::kPdf);
  EXPECT_EQ(detect(test::buildCfb({{"WordDocument", test::wordFib(0)}})), FileType::kDoc);
  EXPECT_EQ(detect(test::buildCfb({{"__properties_version1.0", "x"}})), FileType::kOle2);
  EXPECT_EQ(detect("{\\rtf1 hello}"), FileType::kRtf);
  EXPECT_EQ(detect("MZ\x90"), FileType::kExecutable);
  EXPECT_EQ(detect("<!DOCTYPE html><html></html>"), FileType::kHtml);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><svg/>"), FileType::kSvg);
  EXPECT_EQ(detect("平文のテキストです。\n"), FileType::kText);
  EXPECT_EQ(detect(""), FileType::kEmpty);
  EXPECT_EQ(detect(test::buildZip({{"a.txt", "x"}})), FileType::kZip);
  EXPECT_EQ(detect(test::buildZip({{"mimetype", "application/vnd.oasis.opendocument.text"}})),
            FileType::kOdt);
}

TEST(Engine, ReportsNameMismatchAndRefusesUnsupported) {
  auto result = test::sanitizeBytes(sampleDocx(), "請求書.pdf");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized);
  ASSERT_TRUE(result.report.name_mismatch.has_value());
  EXPECT_EQ(*result.report.name_mismatch, "extension 'pdf' but content is 'docx'");
  EXPECT_EQ(result.report.input.sha256.size(), 64u);

  auto ole =
      test::sanitizeBytes(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "x", "old.doc");
  EXPECT_EQ(ole.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(ole.report.reason, "malformed-ole2");
  EXPECT_FALSE(ole.output.has_value());
  EXPECT_FALSE(ole.report.output.has_value());
}

TEST(Engine, TakesTheInputHashTheCallerHolds) {
  test::TempDir dir;
  const std::string docx = sampleDocx();
  test::writeFileOrDie(dir.file("in.docx"), docx);
  Engine engine;
  auto hashed = engine.sanitize(dir.file("in.docx"), dir.file("a.docx"), {});
  ASSERT_TRUE(hashed.isOk());
  EXPECT_EQ(hashed->input.sha256, sha256Hex(asBytes(docx)));
  Options options;
  options.input_sha256 = std::string(64, 'a');  // taken as given, not computed again
  auto given = engine.sanitize(dir.file("in.docx"), dir.file("b.docx"), options);
  ASSERT_TRUE(given.isOk());
  EXPECT_EQ(given->input.sha256, options.input_sha256);
  EXPECT_EQ(test::readFileOrDie(dir.file("a.docx")), test::readFileOrDie(dir.file("b.docx")));
}

TEST(Engine, BlockedJobLeavesNothingBehind) {
  test::TempDir dir;
  std::string in = dir.file("in.docx");
  test::writeFileOrDie(in, "garbage that is not a document \x01\x02\x03");
  Engine engine;
  auto report = engine.sanitize(in, dir.file("out.docx"), {});
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->verdict, Verdict::kBlocked);
  int entries = 0;
  for (auto it = std::filesystem::directory_iterator(dir.path());
       it != std::filesystem::directory_iterator(); ++it) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);  // only the input: no output, no temporary file
}

TEST(Engine, InPlaceOutputReusesItsFileAndMatchesTheAtomicOne) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.docx"), sampleDocx());
  Engine engine;
  auto atomic = engine.sanitize(dir.file("in.docx"), dir.file("atomic.docx"), {});
  ASSERT_TRUE(atomic.isOk());
  // An existing, longer file is emptied and written over: nothing of it is left.
  test::writeFileOrDie(dir.file("scratch.out"), std::string(1 << 20, 'x'));
  struct stat before {};
  ASSERT_EQ(::stat(dir.file("scratch.out").c_str(), &before), 0);
  auto in_place = engine.sanitizeInPlace(dir.file("in.docx"), dir.file("scratch.out"), {});
  ASSERT_TRUE(in_place.isOk());
  ASSERT_EQ(in_place->verdict, Verdict::kSanitized);
  EXPECT_EQ(test::readFileOrDie(dir.file("scratch.out")),
            test::readFileOrDie(dir.file("atomic.docx")));
  EXPECT_EQ(in_place->output->sha256, atomic->output->sha256);
  struct stat after {};
  ASSERT_EQ(::stat(dir.file("scratch.out").c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // the same file, not a new one renamed over it
}

TEST(Engine, InPlaceOutputOfABlockedJobIsRemoved) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.docx"), "garbage that is not a document \x01\x02\x03");
  test::writeFileOrDie(dir.file("scratch.out"), "the previous job's output");
  Engine engine;
  auto report = engine.sanitizeInPlace(dir.file("in.docx"), dir.file("scratch.out"), {});
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->verdict, Verdict::kBlocked);
  EXPECT_FALSE(std::filesystem::exists(dir.file("scratch.out")));
}

TEST(Engine, InPlaceOutputRefusesASymlink) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.docx"), sampleDocx());
  test::writeFileOrDie(dir.file("elsewhere"), "not to be touched");
  std::filesystem::create_symlink(dir.file("elsewhere"), dir.file("scratch.out"));
  Engine engine;
  auto report = engine.sanitizeInPlace(dir.file("in.docx"), dir.file("scratch.out"), {});
  EXPECT_FALSE(report.isOk());
  EXPECT_EQ(test::readFileOrDie(dir.file("elsewhere")), "not to be touched");
}

TEST(Engine, InputSizeLimitIsANamedEvent) {
  Options options;
  options.limits.max_input_bytes = 100;
  auto result = test::sanitizeBytes(sampleDocx(), "big.docx", options);
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "limit-input-size");
  ASSERT_EQ(result.report.limit_events.size(), 1u);
  EXPECT_EQ(result.report.limit_events[0].limit, "limit-input-size");
}

TEST(Engine, ExpansionLimitBlocksZipBombs) {
  // Incompressible text, so the total (not the ratio) is what trips.
  std::string text(4 << 20, 'a');
  uint32_t state = 12345;
  for (char& c : text) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>('a' + (state >> 16) % 26);
  }
  test::DocxSpec spec;
  spec.body_xml = "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
  Options options;
  options.limits.max_expanded_bytes = 1 << 20;
  auto result = test::sanitizeBytes(test::buildDocx(spec), "bomb.docx", options);
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "limit-expanded-size");
  EXPECT_FALSE(result.report.limit_events.empty());
}

TEST(Engine, WorksOnDescriptors) {
  test::TempDir dir;
  std::string in = dir.file("in.docx");
  std::string out = dir.file("out.docx");
  test::writeFileOrDie(in, sampleDocx());
  int in_fd = ::open(in.c_str(), O_RDONLY);
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  Engine engine;
  auto report = engine.sanitize(in_fd, out_fd, {});
  ::close(in_fd);
  ::close(out_fd);
  ASSERT_TRUE(report.isOk());
  EXPECT_NE(report->verdict, Verdict::kBlocked);
  EXPECT_EQ(test::readZip(test::readFileOrDie(out)).count("word/document.xml"), 1u);
}

TEST(Engine, ConcurrentJobsMatchSequentialOutput) {
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"a.docx", sampleDocx()}, {"b.png", test::tinyPng()}, {"c.txt", "テキスト\r\n"}};
  std::vector<std::string> expected;
  for (const auto& [name, bytes] : inputs) {
    auto result = test::sanitizeBytes(bytes, name);
    ASSERT_TRUE(result.output.has_value()) << name << ": " << result.report.reason;
    expected.push_back(*result.output);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        size_t i = static_cast<size_t>((t + round) % 3);
        auto result = test::sanitizeBytes(inputs[i].second, inputs[i].first);
        if (!result.output || *result.output != expected[i]) ++mismatches[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(Report, JsonHasTheDocumentedShape) {
  auto result = test::sanitizeBytes(sampleDocx(), "x.docm");
  std::string json = toJson(result.report);
  for (const char* key :
       {"\"schema\": 1", "\"verdict\": \"sanitized\"", "\"method\": \"cdr\"", "\"input\"",
        "\"output\"", "\"actions\"", "\"limit_events\"", "\"elapsed_ms\""}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
}

// outputTypeFor announces what a job will produce before it runs (the ICAP early response):
// it must agree with what the engine then produces.
TEST(Engine, OutputTypeForMatchesWhatJobsProduce) {
  test::DocxSpec macro;
  macro.body_xml = "<w:p><w:r><w:t>予告どおりの型</w:t></w:r></w:p>";
  macro.macro_enabled = true;
  struct Case {
    std::string name;
    std::string bytes;
    Method method;
  };
  const std::vector<Case> cases = {
      {"a.docm", test::buildDocx(macro), Method::kCdr},
      {"a.docx", sampleDocx(), Method::kText},
      {"a.png", test::tinyPng(), Method::kCdr},
      {"a.txt", "お知らせ\n", Method::kCdr},
  };
  test::TempDir dir;
  Engine engine;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    test::writeFileOrDie(dir.path() + "/" + c.name, c.bytes);
    Options options;
    options.method = c.method;
    auto report = engine.sanitize(dir.path() + "/" + c.name, dir.path() + "/out", options);
    ASSERT_TRUE(report.isOk()) << report.status().toString();
    ASSERT_TRUE(report->output.has_value()) << report->reason;
    auto input = typeFromName(report->input.type);
    ASSERT_TRUE(input.has_value());
    auto expected = outputTypeFor(*input, c.method);
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(typeName(*expected), report->output->type);
    std::filesystem::remove(dir.path() + "/out");
  }
  EXPECT_EQ(outputTypeFor(FileType::kDocm, Method::kImagePdf), FileType::kPdf);
  EXPECT_EQ(outputTypeFor(FileType::kExecutable, Method::kCdr), std::nullopt);
}

}  // namespace
}  // namespace sanso::sanitize
