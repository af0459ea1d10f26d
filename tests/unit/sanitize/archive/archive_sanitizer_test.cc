// End-to-end tests of the archive handler through the engine: hostile samples generated here,
// outputs read back with Python's zipfile.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "archive/zip_layout.h"
#include "detect.h"
#include "member.h"
#include "support/archive_fixture.h"
#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize {
namespace {

const std::string kJapanese = "令和8年度 予算執行計画（案）\n担当：総務課\n";

// Sanitizes `input` named `name` and reads the output zip back with Python.
struct ArchiveOutcome {
  Report report;
  std::vector<test::ZipMember> members;
};

ArchiveOutcome run(const std::string& input, const std::string& name,
                   const Options& options = {}) {
  test::TempDir dir;
  std::string in = dir.file(name);
  std::string out = dir.file("out.zip");
  test::writeFileOrDie(in, input);
  auto report = Engine().sanitize(in, out, options);
  if (!report.isOk()) throw std::runtime_error(report.status().toString());
  ArchiveOutcome outcome{*report, {}};
  if (test::fileExists(out)) outcome.members = test::readZipWithPython(out);
  return outcome;
}

const test::ZipMember* findMember(const ArchiveOutcome& o, const std::string& name) {
  for (const auto& m : o.members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

const MemberReport* findReport(const Report& report, const std::string& name) {
  for (const auto& m : report.members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string python(const std::string& script, const std::string& dir) {
  int code = 0;
  std::string out = test::runCommand("cd " + test::shellQuote(dir) + " && python3 -c " +
                                         test::shellQuote(script) + " 2>&1",
                                     &code);
  if (code != 0) throw std::runtime_error("python failed: " + out);
  return out;
}

TEST(Archive, DetectsEachFormatByContent) {
  test::TempDir dir;
  python(
      "import tarfile,gzip,bz2,lzma,io\n"
      "data='日本語'.encode()\n"
      "with tarfile.open('a.tar','w',format=tarfile.USTAR_FORMAT) as t:\n"
      "  i=tarfile.TarInfo('a.txt'); i.size=len(data); t.addfile(i,io.BytesIO(data))\n"
      "open('a.gz','wb').write(gzip.compress(data))\n"
      "open('a.bz2','wb').write(bz2.compress(data))\n"
      "open('a.xz','wb').write(lzma.compress(data))\n",
      dir.path());
  Limits limits;
  auto detect = [&](const std::string& file) {
    Budget budget(limits);
    std::string bytes = test::readFileOrDie(dir.file(file));
    return *detectType(asBytes(bytes), budget);
  };
  EXPECT_EQ(detect("a.tar"), FileType::kTar);
  EXPECT_EQ(detect("a.gz"), FileType::kGzip);
  EXPECT_EQ(detect("a.bz2"), FileType::kBzip2);
  EXPECT_EQ(detect("a.xz"), FileType::kXz);
  Budget budget(limits);
  std::string seven = std::string("7z\xBC\xAF\x27\x1C", 6) + std::string(40, '\0');
  EXPECT_EQ(*detectType(asBytes(seven), budget), FileType::k7z);
  // A text file is not a tar because it is 512 bytes long.
  std::string text(600, 'a');
  EXPECT_EQ(*detectType(asBytes(text), budget), FileType::kText);
}

TEST(Archive, SanitizesEveryMemberAndDropsTheRest) {
  test::DocxSpec macro;
  macro.body_xml = "<w:p><w:r><w:t>" + std::string("本文") + "</w:t></w:r></w:p>";
  macro.macro_enabled = true;
  macro.extra_rels = "<Relationship Id=\"rIdVba\" "
                     "Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
                     "Target=\"vbaProject.bin\"/>";
  macro.extra_types = "<Override PartName=\"/word/vbaProject.bin\" "
                      "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  macro.extra_parts = {{"word/vbaProject.bin", "Attribute VB_Name = \"ThisDocument\"\nShell"}};
  std::vector<test::RawZipEntry> entries = {
      {"議事録.docm", test::buildDocx(macro), true, true},
      {"メモ/予算.txt", kJapanese, true, true},
      {"集計.csv", "名前,値\n合計,=SUM(A1:A9)\n", true, false},
      {"setup.exe", "MZ\x90\x00 not really", false, false},
      {"readme.js", "WScript.Echo('hi')\n", false, false},
      {"請求書\u202Etxt.exe", "text\n", true, false},
      {"../escape.txt", "x\n", false, false},
      {"C:/boot.txt", "x\n", false, false},
      // Made on MS-DOS/Windows: libarchive reads backslashes as separators, as Explorer does.
      {"dir\\back.txt", "x\n", false, false},
      {"..\\win.txt", "x\n", false, false},
      {"README.TXT", "one\n", false, false},
      {"readme.txt", "two\n", false, false},
      {"link", "/etc/passwd", false, false, 0120777},
      {"data.xml", "<?xml version=\"1.0\"?><root/>", false, false},
      {"empty.txt", "", false, false},
  };
  auto outcome = run(test::buildRawZip(entries), "mixed.zip");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << outcome.report.message;
  EXPECT_EQ(outcome.report.output->type, "zip");

  const auto* docx = findMember(outcome, "議事録.docx");
  ASSERT_NE(docx, nullptr);
  EXPECT_TRUE(docx->utf8_flag);
  auto parts = test::readZip(docx->data);
  EXPECT_EQ(parts.count("word/vbaProject.bin"), 0u);
  EXPECT_NE(parts["word/document.xml"].find("本文"), std::string::npos);
  const auto* text = findMember(outcome, "メモ/予算.txt");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->data, kJapanese);
  const auto* csv = findMember(outcome, "集計.csv");
  ASSERT_NE(csv, nullptr);
  EXPECT_NE(csv->data.find("'=SUM"), std::string::npos);
  EXPECT_NE(findMember(outcome, "README.TXT"), nullptr);
  EXPECT_NE(findMember(outcome, "empty.txt"), nullptr);
  EXPECT_NE(findMember(outcome, "dir/back.txt"), nullptr);
  EXPECT_EQ(outcome.members.size(), 6u);

  const std::map<std::string, std::string> expected = {
      {"setup.exe", "archive-executable"},
      {"readme.js", "archive-executable"},
      {"請求書\u202Etxt.exe", "archive-unsafe-name"},
      {"../escape.txt", "archive-unsafe-name"},
      {"C:/boot.txt", "archive-unsafe-name"},
      {"../win.txt", "archive-unsafe-name"},
      {"readme.txt", "archive-duplicate-name"},
      {"link", "archive-link"},
      {"data.xml", "unsupported-type"},
  };
  for (const auto& [name, reason] : expected) {
    const MemberReport* m = findReport(outcome.report, name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->verdict, Verdict::kBlocked) << name;
    EXPECT_EQ(m->reason, reason) << name;
  }
  const MemberReport* docm = findReport(outcome.report, "議事録.docm");
  ASSERT_NE(docm, nullptr);
  EXPECT_EQ(docm->input_type, "docm");
  EXPECT_EQ(docm->output_name, "議事録.docx");
  EXPECT_EQ(docm->verdict, Verdict::kSanitized);
  EXPECT_TRUE(test::hasAction(outcome.report, "removed", "vba-project"));
  EXPECT_TRUE(test::hasAction(outcome.report, "removed", "archive-member"));

  auto json = nlohmann::json::parse(toJson(outcome.report));
  ASSERT_TRUE(json["members"].is_array());
  EXPECT_EQ(json["members"].size(), outcome.report.members.size());
  EXPECT_EQ(json["members"][0]["name"], "議事録.docm");
  EXPECT_EQ(json["members"][0]["verdict"], "sanitized");
  EXPECT_FALSE(json["members"][0]["actions"].empty());
}

TEST(Archive, DecodesShiftJisNamesWithoutTheUtf8Flag) {
  // As Japanese Windows' "Send to > Compressed folder" writes them: CP932 bytes, no flag.
  std::vector<test::RawZipEntry> entries = {
      {"\x95\xf1\x8d\x90\x8f\x91.txt", kJapanese, false, false},             // 報告書.txt
      {"\x83\x81\x83\x82/\x8e\x91\x97\xbf.csv", "a,b\n1,2\n", false, true},  // メモ/資料.csv
      {"\xe5\xa0\xb1\xe5\x91\x8a.txt", "utf8 without flag\n", false, false}, // 報告.txt
      {"\x95\x5c.txt", "0x5C as a trail byte\n", false, false},                  // 表.txt
  };
  auto outcome = run(test::buildRawZip(entries), "windows.zip");
  ASSERT_EQ(outcome.report.verdict, Verdict::kClean) << outcome.report.message;
  ASSERT_EQ(outcome.members.size(), 4u);
  EXPECT_EQ(outcome.members[0].name, "報告書.txt");
  EXPECT_TRUE(outcome.members[0].utf8_flag);
  EXPECT_EQ(outcome.members[0].data, kJapanese);
  EXPECT_EQ(outcome.members[1].name, "メモ/資料.csv");
  EXPECT_EQ(outcome.members[2].name, "報告.txt");
  EXPECT_EQ(outcome.members[3].name, "表.txt");
}

TEST(Archive, TakesTheInfoZipUnicodePath) {
  test::RawZipEntry entry{"legacy.txt", "x\n"};
  entry.extra = test::unicodePathExtra("legacy.txt", "ユニコード名.txt");
  auto outcome = run(test::buildRawZip({entry}), "u.zip");
  ASSERT_EQ(outcome.members.size(), 1u) << outcome.report.message;
  EXPECT_EQ(outcome.members[0].name, "ユニコード名.txt");
}

TEST(Archive, DropsNamesInNoKnownEncoding) {
  auto outcome = run(test::buildRawZip({{"\xff\xfe.txt", "x\n"}, {"ok.txt", "y\n"}}), "x.zip");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized);
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.report.members[0].reason, "archive-unsafe-name");
}

TEST(Archive, BlocksTheWholeArchiveWhenAsked) {
  Options options;
  options.block_archive_on_drop = true;
  auto outcome =
      run(test::buildRawZip({{"ok.txt", "y\n"}, {"run.bat", "del *\n"}}), "x.zip", options);
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "archive-member-refused");
  EXPECT_TRUE(outcome.members.empty());
}

TEST(Archive, TarLinksDevicesAndTraversalAreDropped) {
  test::TempDir dir;
  python(
      "import tarfile,io\n"
      "def add(t,name,data=b'',**kw):\n"
      "  i=tarfile.TarInfo(name); i.size=len(data)\n"
      "  for k,v in kw.items(): setattr(i,k,v)\n"
      "  t.addfile(i,io.BytesIO(data) if data else None)\n"
      "with tarfile.open('a.tar.gz','w:gz',format=tarfile.PAX_FORMAT) as t:\n"
      "  add(t,'docs/',type=tarfile.DIRTYPE)\n"
      "  add(t,'docs/計画.txt','計画です\\n'.encode())\n"
      "  add(t,'sym',type=tarfile.SYMTYPE,linkname='/etc/shadow')\n"
      "  add(t,'hard',type=tarfile.LNKTYPE,linkname='docs/計画.txt')\n"
      "  add(t,'dev',type=tarfile.CHRTYPE,devmajor=1,devminor=3)\n"
      "  add(t,'../../up.txt',b'x\\n')\n"
      "  add(t,'/abs.txt',b'x\\n')\n",
      dir.path());
  auto outcome = run(test::readFileOrDie(dir.file("a.tar.gz")), "a.tar.gz");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << outcome.report.message;
  EXPECT_EQ(outcome.report.input.type, "gzip");
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.members[0].name, "docs/計画.txt");
  EXPECT_EQ(outcome.members[0].data, "計画です\n");
  EXPECT_EQ(findReport(outcome.report, "sym")->reason, "archive-link");
  EXPECT_EQ(findReport(outcome.report, "hard")->reason, "archive-link");
  EXPECT_EQ(findReport(outcome.report, "dev")->reason, "archive-special-file");
  EXPECT_EQ(findReport(outcome.report, "../../up.txt")->reason, "archive-unsafe-name");
  EXPECT_TRUE(test::hasAction(outcome.report, "converted", "archive-format"));
}

TEST(Archive, LoneCompressedStreamBecomesAZipOfItsMember) {
  test::TempDir dir;
  python(
      "import gzip,bz2,lzma\n"
      "data='氏名,金額\\n山田,=1+2\\n'.encode('cp932')\n"
      "open('r.gz','wb').write(gzip.compress(data))\n"
      "open('r.bz2','wb').write(bz2.compress(data))\n"
      "open('r.xz','wb').write(lzma.compress(data))\n",
      dir.path());
  for (const char* ext : {"gz", "bz2", "xz"}) {
    auto outcome = run(test::readFileOrDie(dir.file(std::string("r.") + ext)),
                       std::string("支払.csv.") + ext);
    ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << ext << outcome.report.message;
    ASSERT_EQ(outcome.members.size(), 1u) << ext;
    EXPECT_EQ(outcome.members[0].name, "支払.csv");
    EXPECT_NE(outcome.members[0].data.find("山田,'=1+2"), std::string::npos);
  }
}

TEST(Archive, SevenZipAndLzh) {
  if (!test::haveProgram("7z")) GTEST_SKIP() << "7z not installed";
  test::TempDir dir;
  test::writeFileOrDie(dir.file("報告.txt"), kJapanese);
  test::runCommand("cd " + test::shellQuote(dir.path()) + " && 7z a -t7z a.7z 報告.txt >/dev/null");
  auto outcome = run(test::readFileOrDie(dir.file("a.7z")), "a.7z");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << outcome.report.message;
  EXPECT_EQ(outcome.report.input.type, "7z");
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.members[0].name, "報告.txt");
  EXPECT_EQ(outcome.members[0].data, kJapanese);
  if (!test::haveProgram("lha")) return;
  test::writeFileOrDie(dir.file("memo.txt"), kJapanese);
  test::runCommand("cd " + test::shellQuote(dir.path()) + " && lha a a.lzh memo.txt >/dev/null 2>&1");
  if (!test::fileExists(dir.file("a.lzh"))) return;
  auto lzh = run(test::readFileOrDie(dir.file("a.lzh")), "a.lzh");
  ASSERT_EQ(lzh.report.verdict, Verdict::kSanitized) << lzh.report.message;
  EXPECT_EQ(lzh.report.input.type, "lzh");
  ASSERT_EQ(lzh.members.size(), 1u);
  EXPECT_EQ(lzh.members[0].data, kJapanese);
}

class EncryptedArchive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::haveProgram("7z")) GTEST_SKIP() << "7z not installed";
    test::writeFileOrDie(dir_.file("秘密.txt"), kJapanese);
  }
  std::string make(const std::string& file, const std::string& flags) {
    test::runCommand("cd " + test::shellQuote(dir_.path()) + " && 7z a " + flags + " " + file +
                     " 秘密.txt >/dev/null");
    return test::readFileOrDie(dir_.file(file));
  }
  test::TempDir dir_;
};

TEST_F(EncryptedArchive, ZipCryptoAndAesNeedThePassword) {
  for (const auto& [file, flags] :
       std::vector<std::pair<std::string, std::string>>{{"zc.zip", "-tzip -pinfected-test"},
                                                        {"aes.zip", "-tzip -pinfected-test -mem=AES256"}}) {
    const std::string bytes = make(file, flags);
    auto locked = run(bytes, file);
    EXPECT_EQ(locked.report.verdict, Verdict::kBlocked) << file;
    EXPECT_EQ(locked.report.reason, "encrypted") << file;

    Options wrong;
    wrong.password = "wrong-password";
    auto refused = run(bytes, file, wrong);
    EXPECT_EQ(refused.report.reason, "wrong-password") << file;
    EXPECT_NE(refused.report.message.find("password does not open"), std::string::npos)
        << refused.report.message;

    Options right;
    right.password = "infected-test";
    auto opened = run(bytes, file, right);
    ASSERT_EQ(opened.report.verdict, Verdict::kClean) << file << opened.report.message;
    ASSERT_EQ(opened.members.size(), 1u);
    EXPECT_EQ(opened.members[0].name, "秘密.txt");
    EXPECT_EQ(opened.members[0].data, kJapanese);
    // The password appears nowhere in the report.
    EXPECT_EQ(toJson(opened.report).find("infected-test"), std::string::npos);
  }
}

TEST_F(EncryptedArchive, SevenZipWithEncryptedHeadersIsBlocked) {
  const std::string bytes = make("h.7z", "-t7z -psecret -mhe=on");
  auto outcome = run(bytes, "h.7z");
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "encrypted") << outcome.report.message;
}

TEST(ArchiveBombs, OverlappingEntriesAreRefusedBeforeInflating) {
  // Small enough that no declared size trips the ratio check first.
  auto outcome = run(test::buildOverlapBomb(50, 100 << 10), "bomb.zip");
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "zip-overlapping-entries") << outcome.report.message;
  // A big one: refused on its declared sizes or its layout, before inflating anything.
  const std::string bomb = test::buildOverlapBomb(200, 4 << 20);
  auto big = run(bomb, "big.zip");
  EXPECT_EQ(big.report.verdict, Verdict::kBlocked);
  EXPECT_TRUE(big.report.reason == "zip-overlapping-entries" ||
              big.report.reason == "limit-compression-ratio")
      << big.report.reason;
  // The archive handler's own check, for zips that the strict Office reader passes on.
  Limits limits;
  Budget budget(limits);
  Status layout = archive::checkZipLayout(asBytes(bomb), budget);
  EXPECT_EQ(layout.reason(), "zip-overlapping-entries");
}

TEST(ArchiveBombs, NestingStopsAtTheDepthLimit) {
  auto outcome = run(test::buildNestedZip(5, 4, 1000), "42.zip");
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "limit-archive-depth");
  ASSERT_FALSE(outcome.report.limit_events.empty());
  // Within the depth limit, the nested members are sanitized and listed under their parent.
  auto shallow = run(test::buildNestedZip(2, 2, 1000), "nested.zip");
  ASSERT_EQ(shallow.report.verdict, Verdict::kClean) << shallow.report.message;
  ASSERT_EQ(shallow.report.members.size(), 2u);
  EXPECT_EQ(shallow.report.members[0].members.size(), 2u);
  EXPECT_EQ(shallow.report.members[0].members[0].members.size(), 2u);
}

TEST(ArchiveBombs, NestingStopsAtTheExpandedTotal) {
  Options options;
  options.limits.max_expanded_bytes = 4 << 20;
  options.limits.max_compression_ratio = 100000;
  auto outcome = run(test::buildNestedZip(3, 4, 200 << 10), "nest.zip", options);
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "limit-expanded-size");
}

TEST(ArchiveBombs, RatioIsCheckedWhileInflating) {
  // A tar.gz of zeros: no declared sizes to refuse up front.
  test::TempDir dir;
  python(
      "import tarfile,io\n"
      "with tarfile.open('z.tar.gz','w:gz') as t:\n"
      "  i=tarfile.TarInfo('zeros.txt'); i.size=20<<20; t.addfile(i,io.BytesIO(bytes(i.size)))\n",
      dir.path());
  auto outcome = run(test::readFileOrDie(dir.file("z.tar.gz")), "z.tar.gz");
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "limit-compression-ratio");
}

TEST(ArchiveBombs, TooManyEntries) {
  Options options;
  options.limits.max_archive_entries = 10;
  std::vector<test::RawZipEntry> entries;
  for (int i = 0; i < 11; ++i) entries.push_back({"f" + std::to_string(i) + ".txt", "x\n"});
  auto outcome = run(test::buildRawZip(entries), "many.zip", options);
  EXPECT_EQ(outcome.report.reason, "limit-archive-entries");
}

TEST(ArchiveMember, RefusesAMemberThatIsItsOwnContainer) {
  const std::string zip = test::buildRawZip({{"a.txt", "x\n"}});
  Options options;
  Budget budget(options.limits);
  ActionLog log;
  test::TempDir dir;
  Job container{asBytes(zip), FileType::kZip, options, budget, log, dir.file("out")};
  Nesting nesting = memberNesting(container);
  auto result = sanitizeMember(asBytes(zip), "self.zip", container, nesting);
  ASSERT_TRUE(result.isOk());
  EXPECT_EQ(result->status.reason(), "archive-cycle");
  auto renamed = sanitizeMember(asBytes(std::string("plain\n")), "notes", container, nesting);
  ASSERT_TRUE(renamed.isOk());
  EXPECT_EQ(renamed->output_name, "notes.txt");
}

TEST(ArchiveCli, PasswordComesFromAFile) {
  if (!test::haveProgram("7z")) GTEST_SKIP() << "7z not installed";
  test::TempDir dir;
  test::writeFileOrDie(dir.file("a.txt"), "hello\n");
  test::runCommand("cd " + test::shellQuote(dir.path()) +
                   " && 7z a -tzip -pinfected-test a.zip a.txt >/dev/null");
  test::writeFileOrDie(dir.file("pw"), "infected-test\n");
  int code = -1;
  test::runCommand(std::string(SANSO_BINARY) + " sanitize --password-file " +
                       test::shellQuote(dir.file("pw")) + " " + dir.file("a.zip") + " " +
                       dir.file("out.zip") + " 2>/dev/null",
                   &code);
  EXPECT_EQ(code, 0);
  ASSERT_TRUE(test::fileExists(dir.file("out.zip")));
  EXPECT_EQ(test::readZipWithPython(dir.file("out.zip"))[0].data, "hello\n");
  test::runCommand(std::string(SANSO_BINARY) + " sanitize " + dir.file("a.zip") + " " +
                       dir.file("out2.zip") + " 2>/dev/null",
                   &code);
  EXPECT_EQ(code, 3);
  std::string help = test::runCommand(std::string(SANSO_BINARY) + " sanitize --help");
  EXPECT_NE(help.find("--password-file"), std::string::npos);
  EXPECT_NE(help.find("--block-whole-archive"), std::string::npos);
}

}  // namespace
}  // namespace sanso::sanitize
