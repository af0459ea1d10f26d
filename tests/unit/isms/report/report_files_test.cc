// The reports as files, checked with independent tools: poppler (pdftotext, pdfinfo, pdffonts)
// and qpdf for the PDF, Python's zipfile and XML parser and LibreOffice for the XLSX.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>

#include "sanso/isms/report.h"
#include "support/test_util.h"

namespace sanso::isms {
namespace {

using test::shellQuote;

constexpr char kFormula[] = "=cmd|' /C calc'!A0";

std::string longText() {
  std::string text;
  for (int i = 0; i < 30; ++i)
    text += "庁舎外へ持ち出す場合は情報セキュリティ管理者の許可を得ること。";
  return text;
}

Report sampleReport() {
  Report report{"情報資産台帳（2026年度）", "宗像市", "2026-11-30 15:00 JST", {}};
  ReportTable assets{
      "情報資産台帳", {{"番号", 8}, {"資産名", 24}, {"機密性", 8}, {"備考", 40}}, {}};
  for (int i = 1; i <= 300; ++i) {
    std::string number = std::to_string(i);
    assets.rows.push_back({number, "住民記録システム" + number, "3A", "保管場所：本庁舎"});
  }
  assets.rows[0][3] = kFormula;
  assets.rows[1][3] = longText();
  assets.rows[2][3] = "+81 92 000 0000\n-マイナス\n@メモ";
  assets.rows[3][3] = "<span foreground=\"red\">赤</span>";
  report.tables.push_back(std::move(assets));
  report.tables.push_back({"インシデント一覧 [2026/11]",
                           {{"日時", 16}, {"概要", 40}},
                           {{"2026-11-01", "標的型メールの受信"}}});
  return report;
}

int pdfPages(const std::string& path) {
  std::string info = test::runCommand("pdfinfo " + shellQuote(path));
  std::smatch match;
  std::regex pages("Pages:\\s+(\\d+)");
  return std::regex_search(info, match, pages) ? std::stoi(match[1]) : 0;
}

TEST(IsmsReportFiles, PdfHasJapaneseTextEmbeddedFontsAndPageNumbers) {
  if (!test::haveProgram("pdftotext") || !test::haveProgram("qpdf")) {
    GTEST_SKIP() << "poppler-utils or qpdf not installed";
  }
  test::TempDir dir;
  const std::string path = dir.file("assets.pdf");
  Status written = writePdf(sampleReport(), path);
  ASSERT_TRUE(written.isOk()) << written.toString();

  int pages = pdfPages(path);
  ASSERT_GE(pages, 4) << "300 rows take several pages";
  std::string text = test::runCommand("pdftotext -enc UTF-8 " + shellQuote(path) + " -");
  for (const char* expected :
       {"情報資産台帳（2026年度）", "宗像市", "2026-11-30 15:00 JST", "資産名",
        "住民記録システム300", "インシデント一覧", "標的型メールの受信", "=cmd|' /C calc'!A0",
        "@メモ", "<span foreground=\"red\">赤</span>"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
  const std::string total = " / " + std::to_string(pages);
  EXPECT_NE(text.find("1" + total), std::string::npos);
  EXPECT_NE(text.find("2" + total), std::string::npos);
  EXPECT_NE(text.find(std::to_string(pages) + total), std::string::npos);
  // The header row is repeated: one 資産名 per page of the asset table (all but the last page).
  size_t headers = 0;
  for (size_t at = text.find("機密性"); at != std::string::npos; at = text.find("機密性", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(headers, static_cast<size_t>(pages - 1));
  // The long cell is wrapped, not cut: every character of it is in the text.
  size_t sentences = 0;
  for (size_t at = text.find("許可を得ること。"); at != std::string::npos;
       at = text.find("許可を得ること。", at + 1)) {
    ++sentences;
  }
  EXPECT_GE(sentences, 25u) << "most of the 30 sentences survive line breaks intact";

  std::string fonts = test::runCommand("pdffonts " + shellQuote(path));
  std::istringstream lines(fonts);
  std::string line;
  int font_rows = 0;
  while (std::getline(lines, line)) {
    if (line.find("CID") == std::string::npos && line.find("Type") == std::string::npos) continue;
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0) continue;
    ++font_rows;
    EXPECT_NE(line.find(" yes yes yes "), std::string::npos)
        << "embedded, subset, ToUnicode: " << line;
  }
  EXPECT_GE(font_rows, 1) << fonts;

  int code = -1;
  std::string check = test::runCommand("qpdf --check " + shellQuote(path) + " 2>&1", &code);
  EXPECT_EQ(code, 0) << check;
}

// Python reads the workbook as a zip of XML parts: no cell holds a formula, the strings are
// there as shared or inline strings, the sheet names and the print setup are Excel's.
constexpr char kXlsxChecker[] = R"PY(
import sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
strings = []
if 'xl/sharedStrings.xml' in names:
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
sheets = sorted(n for n in names if n.startswith('xl/worksheets/sheet'))
if len(sheets) != 2: print('sheets', sheets)
for name in sheets:
    root = ET.fromstring(z.read(name))
    for c in root.iter('{%s}c' % ns['m']):
        if c.find('m:f', ns) is not None: print('formula in', name, c.get('r'))
        if c.get('t') == 'inlineStr':
            strings.append(''.join(t.text or '' for t in c.iter('{%s}t' % ns['m'])))
        elif c.find('m:v', ns) is not None and c.get('t') != 's':
            print('non-string cell', name, c.get('r'), c.get('t'))
    if root.find('m:sheetViews/m:sheetView/m:pane', ns).get('state') != 'frozen': print('not frozen')
    if root.find('m:autoFilter', ns) is None: print('no autofilter')
    setup = root.find('m:pageSetup', ns)
    if setup.get('orientation') != 'landscape' or setup.get('paperSize') != '9': print('page setup')
    if root.find('m:headerFooter/m:oddFooter', ns).text != '&C&P / &N': print('footer')
rows = {r.get('r'): r for r in ET.fromstring(z.read(sheets[0])).iter('{%s}row' % ns['m'])}
if rows['6'].get('customHeight') != '1' or float(rows['6'].get('ht')) < 100: print('long cell row height')
if rows['5'].get('customHeight') is not None: print('one-line row height set')
for s in ["=cmd|' /C calc'!A0", '+81 92 000 0000\n-マイナス\n@メモ', '資産名', '住民記録システム300']:
    if s not in strings: print('missing', repr(s))
wb = ET.fromstring(z.read('xl/workbook.xml'))
titles = [s.get('name') for s in wb.iter('{%s}sheet' % ns['m'])]
if titles != ['情報資産台帳', 'インシデント一覧 _2026_11_']: print('titles', titles)
defined = [d.get('name') for d in wb.iter('{%s}definedName' % ns['m'])]
if '_xlnm.Print_Titles' not in defined: print('no print titles', defined)
)PY";

TEST(IsmsReportFiles, XlsxHoldsStringsNeverFormulas) {
  if (!test::haveProgram("python3")) GTEST_SKIP() << "python3 not installed";
  test::TempDir dir;
  const std::string path = dir.file("assets.xlsx");
  Status written = writeXlsx(sampleReport(), path);
  ASSERT_TRUE(written.isOk()) << written.toString();
  EXPECT_EQ(test::pythonFindings(kXlsxChecker, test::readFileOrDie(path), "assets.xlsx"), "");
}

TEST(IsmsReportFiles, LibreOfficeOpensTheXlsx) {
  if (!test::haveProgram("soffice")) GTEST_SKIP() << "soffice not installed";
  test::TempDir dir;
  Status written = writeXlsx(sampleReport(), dir.file("assets.xlsx"));
  ASSERT_TRUE(written.isOk()) << written.toString();
  int code = -1;
  test::runCommand("cd " + shellQuote(dir.path()) + " && HOME=" + shellQuote(dir.path()) +
                       " timeout 120 soffice --headless --norestore "
                       "-env:UserInstallation=file://" +
                       dir.path() +
                       "/profile --convert-to csv:\"Text - txt - csv (StarCalc)\":44,34,76 "
                       "assets.xlsx >/dev/null 2>&1",
                   &code);
  ASSERT_TRUE(test::fileExists(dir.file("assets.csv"))) << "LibreOffice did not open the workbook";
  std::string csv = test::readFileOrDie(dir.file("assets.csv"));
  EXPECT_NE(csv.find("資産名"), std::string::npos) << csv.substr(0, 400);
  EXPECT_NE(csv.find("住民記録システム300"), std::string::npos);
  EXPECT_NE(csv.find(kFormula), std::string::npos) << "kept as text, not evaluated";
}

TEST(IsmsReportFiles, ReplacesAtomicallyAndRefusesBadReports) {
  test::TempDir dir;
  const std::string path = dir.file("report.pdf");
  test::writeFileOrDie(path, "old");
  Report bad = sampleReport();
  bad.tables[0].rows[5].pop_back();
  EXPECT_EQ(writePdf(bad, path).reason(), "report-invalid");
  EXPECT_EQ(writeXlsx(bad, path).reason(), "report-invalid");
  EXPECT_EQ(test::readFileOrDie(path), "old");

  Report small{"小", "宗像市", "2026-11-30", {{"表", {{"列"}}, {{"値"}}}}};
  ASSERT_TRUE(writePdf(small, path).isOk());
  EXPECT_EQ(test::readFileOrDie(path).rfind("%PDF-", 0), 0u);
  std::string listing = test::runCommand("ls -A " + shellQuote(dir.path()));
  EXPECT_EQ(listing, "report.pdf\n") << "no temporary left behind";

  EXPECT_FALSE(writeXlsx(small, dir.file("missing/report.xlsx")).isOk());
}

TEST(IsmsReportFiles, CellTallerThanAPageContinuesOnTheNext) {
  if (!test::haveProgram("pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  std::string tall;
  for (int i = 1; i <= 120; ++i) tall += "第" + std::to_string(i) + "行\n";
  Report report{"長いセル", "宗像市", "2026-11-30", {{"表", {{"番号", 8}, {"内容", 40}}, {}}}};
  report.tables[0].rows.push_back({"1", tall});
  report.tables[0].rows.push_back({"2", "次の行"});
  test::TempDir dir;
  ASSERT_TRUE(writePdf(report, dir.file("tall.pdf")).isOk());
  EXPECT_GE(pdfPages(dir.file("tall.pdf")), 2);
  std::string text =
      test::runCommand("pdftotext -enc UTF-8 " + shellQuote(dir.file("tall.pdf")) + " -");
  for (const char* expected : {"第1行", "第60行", "第120行", "次の行"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
}

}  // namespace
}  // namespace sanso::isms
