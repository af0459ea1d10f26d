#include <cstdio>

#include "commands.h"
#include "sanso/sanitize/engine.h"

namespace sanso::app {

std::function<int()> addFormatsCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("formats", "List the file types sanso recognises and the "
                                            "methods available for each");
  (void)cmd;
  return [] {
    using sanitize::Family;
    std::printf("%-12s %-4s %-5s %-10s %s\n", "type", "cdr", "text", "image-pdf",
                "extensions (types are detected from content)");
    for (const auto& info : sanitize::allTypes()) {
      if (info.family == Family::kUnknown) continue;
      using sanitize::Method;
      bool supported = info.family != Family::kUnsupported;
      bool cdr = sanitize::isAvailable(info.type, Method::kCdr);
      bool text = sanitize::isAvailable(info.type, Method::kText);
      bool image_pdf = sanitize::isAvailable(info.type, Method::kImagePdf);
      std::string exts;
      for (auto e : info.extensions) {
        if (!exts.empty()) exts.push_back(' ');
        exts.append(e);
      }
      std::printf("%-12s %-4s %-5s %-10s %s%s\n", std::string(info.name).c_str(),
                  cdr ? "yes" : "-", text ? "yes" : "-", image_pdf ? "yes" : "-", exts.c_str(),
                  supported ? "" : "  [recognised and refused]");
    }
    return kExitOk;
  };
}

}  // namespace sanso::app
