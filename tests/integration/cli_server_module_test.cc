// The server subcommands live in sanso-server.so, which the sanso executable loads only when
// one of them runs: the executable itself must not depend on the server's libraries (start-up
// cost of every `sanso sanitize`), `sanso --help` must still list every subcommand, and each
// server command's own help and usage errors must come through the module unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_util.h"

namespace sanso {
namespace {

using test::runCommand;
using test::shellQuote;

std::string sanso(const std::string& args, int* code) {
  return runCommand(shellQuote(SANSO_BINARY) + " " + args + " 2>&1", code);
}

TEST(CliServerModule, ExecutableDoesNotLinkServerLibraries) {
  int code = -1;
  std::string libraries = runCommand("ldd " + shellQuote(SANSO_BINARY), &code);
  ASSERT_EQ(code, 0) << libraries;
  for (const char* name : {"libssl", "libsqlite3", "libsodium", "liboath", "libqrencode", "libhs",
                           "libyaml-cpp", "libmilter"}) {
    EXPECT_EQ(libraries.find(name), std::string::npos) << name << "\n" << libraries;
  }
}

TEST(CliServerModule, HelpListsEveryCommand) {
  int code = -1;
  std::string help = sanso("--help", &code);
  EXPECT_EQ(code, 0) << help;
  for (const char* line :
       {"  sanitize                    Make a file harmless",
        "  formats                     List the file types sanso recognises",
        "  audit                       Verify and export the hash-chained audit log\n",
        "  policy                      Validate a policy pack, explain its decisions or "
        "compare two packs\n",
        "  serve                       Run the gateway: one listener per zone\n",
        "  icap                        Run the ICAP service for Squid (RESPMOD 無害化)\n",
        "  user                        Manage local accounts\n",
        "  dept                        Departments, supervisors and substitute approvers\n",
        "  milter                      Run the Postfix mail filter (libmilter) of one "
        "direction\n",
        "  zones                       The zone model on the wire (nftables)\n"}) {
    EXPECT_NE(help.find(line), std::string::npos) << line << "\n" << help;
  }
}

TEST(CliServerModule, ServerCommandsShowTheirOwnHelp) {
  int code = -1;
  std::string serve = sanso("serve --help", &code);
  EXPECT_EQ(code, 0) << serve;
  EXPECT_NE(serve.find("serve [OPTIONS]"), std::string::npos) << serve;
  EXPECT_NE(serve.find("--config TEXT REQUIRED"), std::string::npos) << serve;
  EXPECT_NE(serve.find("--list-routes"), std::string::npos) << serve;

  std::string add = sanso("user add --help", &code);
  EXPECT_EQ(code, 0) << add;
  EXPECT_NE(add.find("user add [OPTIONS]"), std::string::npos) << add;
  EXPECT_NE(add.find("--login"), std::string::npos) << add;
}

TEST(CliServerModule, UsageErrorsExitTwo) {
  int code = -1;
  std::string out = sanso("user", &code);
  EXPECT_EQ(code, 2) << out;
  out = sanso("serve", &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--config is required"), std::string::npos) << out;
  out = sanso("icap --no-such-option --config x", &code);
  EXPECT_EQ(code, 2) << out;
}

// A copy of the executable without the module beside it: sanitize still works, a server
// command is a clear error with exit code 1.
TEST(CliServerModule, MissingModuleIsAnInternalError) {
  test::TempDir dir;
  std::string exe = dir.file("sanso");
  std::filesystem::copy_file(SANSO_BINARY, exe);
  std::filesystem::permissions(exe, std::filesystem::perms::owner_all);
  test::writeFileOrDie(dir.file("in.txt"), "hello\n");
  int code = -1;
  std::string out = runCommand(shellQuote(exe) + " sanitize " + shellQuote(dir.file("in.txt")) +
                                   " " + shellQuote(dir.file("out.txt")) + " 2>&1",
                               &code);
  EXPECT_EQ(code, 0) << out;
  out = runCommand(shellQuote(exe) + " serve --help 2>&1", &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("sanso-server.so not found"), std::string::npos) << out;
}

}  // namespace
}  // namespace sanso
