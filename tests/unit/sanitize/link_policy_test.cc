// The link policy shared by PDF and OOXML: only plain web and mail links browse.
#include "link_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace sanso::sanitize {
namespace {

TEST(LinkPolicy, WebAndMailLinksBrowse) {
  for (const char* target : {
           "http://example.org",
           "https://www.city.munakata.lg.jp/w001/index.html",
           "HTTPS://Example.org/a/b?q=report.exe#top",
           "https://example.org/download?file=setup.exe",
           "https://user@example.org:8443/docs/",
           "  https://example.org/padded  ",
           "https://example.org/report.pdf",
           "https://example.org/a%20b.html",
           "mailto:kikaku@city.example.lg.jp?subject=%E4%BA%88%E7%AE%97",
       }) {
    EXPECT_EQ(classifyLink(target), LinkVerdict::kBrowse) << target;
  }
}

TEST(LinkPolicy, OtherSchemesAndPathsLaunch) {
  for (const char* target : {
           "javascript:alert(1)",
           " JaVaScRiPt:alert(1)",
           "java\tscript:alert(1)",
           "java\nscript:alert(1)",
           "\x01javascript:alert(1)",
           "vbscript:msgbox(1)",
           "data:text/html;base64,PHNjcmlwdD4=",
           "file:///C:/Windows/System32/calc.exe",
           "FILE://server/share/doc.pdf",
           "\\\\evilhost\\share\\payload.pdf",
           "//evilhost/share/payload.pdf",
           "C:\\Windows\\System32\\cmd.exe",
           "c:/temp/x.pdf",
           "ms-msdt:/id PCWDiagnostic",
           "search-ms:query=invoice&crumb=location:\\\\evil\\share",
           "ms-officecmd:{}",
           "ms-word:ofe|u|https://evil.example/x.docx",
           "shell:startup",
           "ftp://example.org/file.txt",
           "smb://host/share",
           "relative/path/doc.pdf",
           "doc.pdf",
           "#section",
           "",
           "   ",
           "http://",
           "mailto:a@example.org?attach=C:\\secrets.txt",
           "mailto:a@example.org?Attachment=%2Fetc%2Fpasswd",
       }) {
    EXPECT_EQ(classifyLink(target), LinkVerdict::kLaunch) << target;
  }
}

TEST(LinkPolicy, ExecutableTargetsLaunchEvenOverHttp) {
  for (const char* target : {
           "https://evil.example/setup.exe",
           "https://evil.example/SETUP.EXE",
           "http://evil.example/a/b/run.scr",
           "https://evil.example/tool.msi#x",
           "https://evil.example/script.ps1?x=1",
           "https://evil.example/update.hta",
           "https://evil.example/doc.lnk",
           "https://evil.example/app.application",
           "https://evil.example/disk.iso",
           "https://evil.example/payload.js",
           "https://evil.example/payload.exe.",
           "https://evil.example/payload.exe%20",
           "https://evil.example/payload%2Eexe",
           "https://evil.example/payload%252Eexe",
           "https://evil.example/dir%2Fpayload.bat",
           "https://evil.example\\share\\run.cmd",
           "https://evil.example/run.vbs;jsessionid=1",
           "https://evil.example/%25252525252e",
       }) {
    EXPECT_EQ(classifyLink(target), LinkVerdict::kLaunch) << target;
  }
}

TEST(LinkPolicy, EncodedSchemesDoNotBrowse) {
  EXPECT_EQ(classifyLink("%6Aavascript:alert(1)"), LinkVerdict::kLaunch);
  EXPECT_EQ(classifyLink("https%3A//example.org"), LinkVerdict::kLaunch);
  EXPECT_EQ(classifyLink(std::string("https://exa\0mple.org/", 21)), LinkVerdict::kBrowse);
}

}  // namespace
}  // namespace sanso::sanitize
