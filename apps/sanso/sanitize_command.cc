#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "commands.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/office_pool.h"

namespace sanso::app {
namespace {

namespace fs = std::filesystem;
using sanitize::Engine;
using sanitize::Options;
using sanitize::Report;
using sanitize::Verdict;

struct SanitizeArgs {
  std::string method = "cdr";
  std::string report_path;
  int dpi = 150;
  bool ocr = false;
  bool keep_hyperlinks = false;
  bool no_hyperlinks = false;
  bool keep_metadata = false;
  bool batch = false;
  bool block_whole_archive = false;
  std::string password_file;
  std::string clamd_socket;
  std::string yara_rules;
  int jobs = 0;
  std::vector<std::string> paths;
};

int exitCodeFor(const Report& report) {
  return report.verdict == Verdict::kBlocked ? kExitBlocked : kExitOk;
}

// "removed vba-project x1, neutralized dde-field x3"
std::string summarize(const Report& report) {
  if (report.verdict == Verdict::kBlocked) return report.reason + ": " + report.message;
  std::string out;
  for (const auto& a : report.actions) {
    if (a.action != "removed" && a.action != "neutralized" && a.action != "converted") continue;
    if (!out.empty()) out += ", ";
    out += a.action + " " + a.what + (a.count > 1 ? " x" + std::to_string(a.count) : "");
  }
  return out.empty() ? "-" : out;
}

Status writeReport(const std::string& path, const std::string& json) {
  if (path == "-") {
    std::cout << json << "\n";
    return Status::ok();
  }
  std::ofstream out(path, std::ios::trunc);
  out << json << "\n";
  return out ? Status::ok() : Status::ioError("cannot write report " + path);
}

// Renames a batch output so its extension fits what it now is (macro.docm -> macro.docx,
// report.pdf -> report.txt for the text method). Keeps the name when it already fits.
void fitExtension(const fs::path& written, const Report& report) {
  if (!report.output) return;
  auto type = sanitize::typeFromName(report.output->type);
  if (!type) return;
  std::string ext = written.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (sanitize::extensionMatches(*type, ext)) return;
  const auto& extensions = sanitize::typeInfo(*type).extensions;
  if (extensions.empty()) return;
  fs::path renamed = written;
  renamed.replace_extension(std::string(extensions.front()));
  std::error_code ec;
  if (!fs::exists(renamed, ec)) fs::rename(written, renamed, ec);
}

// Columns a terminal uses for `utf8`: East Asian wide characters take two.
size_t displayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = length == 1 ? c : c & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
    width += wide ? 2 : 1;
    i += length;
  }
  return width;
}

// `text` padded with spaces to `columns` display columns.
std::string padded(const std::string& text, size_t columns) {
  size_t width = displayWidth(text);
  return width >= columns ? text + " " : text + std::string(columns - width, ' ');
}

// The first line of `path`, without its line ending: the archive password. Passwords are
// never taken on the command line, where other users could see them.
Result<std::string> readPassword(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::invalidArgument("cannot read the password file " + path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return Status::invalidArgument("the password file " + path + " is empty");
  return line;
}

int runSingle(const SanitizeArgs& args, const Options& options) {
  if (args.paths.size() != 2) {
    std::cerr << "sanso sanitize: need INPUT and OUTPUT\n";
    return kExitUsage;
  }
  Engine engine;
  auto report = engine.sanitize(args.paths[0], args.paths[1], options);
  if (!report.isOk()) {
    std::cerr << "sanso sanitize: " << report.status().toString() << "\n";
    return report.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
  }
  if (!args.report_path.empty()) {
    Status st = writeReport(args.report_path, toJson(*report));
    if (!st.isOk()) {
      std::cerr << "sanso sanitize: " << st.toString() << "\n";
      return kExitInternal;
    }
  }
  std::cerr << args.paths[0] << ": " << sanitize::verdictName(report->verdict) << " ("
            << report->input.type << ") " << summarize(*report) << "\n";
  return exitCodeFor(*report);
}

int runBatch(const SanitizeArgs& args, const Options& options) {
  if (args.paths.size() != 2) {
    std::cerr << "sanso sanitize --batch: need DIR_IN and DIR_OUT\n";
    return kExitUsage;
  }
  fs::path in_dir = args.paths[0];
  fs::path out_dir = args.paths[1];
  std::error_code ec;
  if (!fs::is_directory(in_dir, ec)) {
    std::cerr << "sanso sanitize --batch: not a directory: " << in_dir << "\n";
    return kExitUsage;
  }
  std::vector<fs::path> inputs;
  for (auto it = fs::recursive_directory_iterator(in_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) inputs.push_back(it->path());
  }
  std::sort(inputs.begin(), inputs.end());
  fs::create_directories(out_dir, ec);

  std::vector<std::optional<Result<Report>>> results(inputs.size());
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex io_mutex;
  bool tty = ::isatty(STDERR_FILENO) != 0;
  Engine engine;
  auto worker = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      fs::path relative = fs::relative(inputs[i], in_dir);
      fs::path target = out_dir / relative;
      std::error_code mkdir_ec;
      fs::create_directories(target.parent_path(), mkdir_ec);
      Options item = options;
      item.declared_name = inputs[i].filename().string();
      results[i] = engine.sanitize(inputs[i].string(), target.string(), item);
      if (results[i]->isOk()) fitExtension(target, **results[i]);
      size_t finished = ++done;
      if (tty) {
        std::lock_guard lock(io_mutex);
        size_t width = 30;
        size_t filled = width * finished / inputs.size();
        std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
                  << finished << "/" << inputs.size() << std::flush;
      }
    }
  };
  unsigned threads = args.jobs > 0 ? static_cast<unsigned>(args.jobs)
                                   : std::max(1u, std::thread::hardware_concurrency());
  // A batch keeps its LibreOffice instances warm from one Office file to the next.
  (void)sanitize::startOfficePool(
      static_cast<int>(std::min<unsigned>(
          threads, static_cast<unsigned>(std::max(options.office_pool_size, 0)))),
      options.limits, false);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  sanitize::stopOfficePool();
  if (tty) std::cerr << "\n";

  std::ofstream report_out;
  if (!args.report_path.empty() && args.report_path != "-") {
    report_out.open(args.report_path, std::ios::trunc);
  }
  int exit_code = kExitOk;
  std::printf("%s%-6s %-9s %s\n", padded("file", 40).c_str(), "type", "verdict", "what was done");
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string name = fs::relative(inputs[i], in_dir).string();
    const auto& result = *results[i];
    if (!result.isOk()) {
      std::printf("%s%-6s %-9s %s\n", padded(name, 40).c_str(), "?", "error",
                  result.status().toString().c_str());
      exit_code = kExitInternal;
      continue;
    }
    const Report& report = *result;
    std::printf("%s%-6s %-9s %s\n", padded(name, 40).c_str(), report.input.type.c_str(),
                sanitize::verdictName(report.verdict).c_str(), summarize(report).c_str());
    if (report.verdict == Verdict::kBlocked && exit_code == kExitOk) exit_code = kExitBlocked;
    if (args.report_path == "-") std::cout << toJson(report, false) << "\n";
    if (report_out.is_open()) report_out << toJson(report, false) << "\n";
  }
  return exit_code;
}

}  // namespace

std::function<int()> addSanitizeCommand(CLI::App& app) {
  auto args = std::make_shared<SanitizeArgs>();
  auto* cmd = app.add_subcommand(
      "sanitize",
      "Make a file harmless (無害化). Exit 0: output written (clean or sanitized); 3: blocked "
      "(reason in the report, no output left); 2: usage error; 1: internal error.");
  cmd->add_option("--method", args->method, "cdr (keep the format), text, or image-pdf")
      ->check(CLI::IsMember({"cdr", "text", "image-pdf"}))
      ->default_val("cdr");
  cmd->add_option("--report", args->report_path, "Write the JSON report to FILE, or - for stdout");
  cmd->add_option("--dpi", args->dpi, "Resolution for image-pdf")
      ->check(CLI::Range(36, 600))
      ->default_val(150);
  cmd->add_flag("--ocr", args->ocr,
                "image-pdf: add an invisible text layer recognised from each page (Japanese and "
                "English, Tesseract) so that the PDF can be searched; slow");
  auto* keep = cmd->add_flag("--keep-hyperlinks", args->keep_hyperlinks,
                             "Keep browsing hyperlinks (default)");
  cmd->add_flag("--no-hyperlinks", args->no_hyperlinks, "Turn hyperlinks into plain text")
      ->excludes(keep);
  cmd->add_flag("--keep-metadata", args->keep_metadata,
                "Keep personal metadata (author, company...)");
  cmd->add_flag("--batch", args->batch,
                "Sanitize every file under DIR_IN into DIR_OUT, using all cores");
  cmd->add_option("--jobs,-j", args->jobs, "Worker threads for --batch (default: all cores)");
  cmd->add_option("--password-file", args->password_file,
                  "Read the password for encrypted archives from FILE (its first line)");
  cmd->add_flag("--block-whole-archive", args->block_whole_archive,
                "Block an archive when a member cannot be sanitized (default: drop the member "
                "and list it in the report)");
  cmd->add_option("--clamd-socket", args->clamd_socket,
                  "Scan the input and every archive member and mail attachment with the clamd "
                  "listening on this UNIX socket; a detection or an unreachable clamd blocks the "
                  "file");
  cmd->add_option("--yara-rules", args->yara_rules,
                  "Scan the input and every archive member and mail attachment with the YARA "
                  "rules in FILE (source or compiled); a match blocks the file");
  cmd->add_option("paths", args->paths, "INPUT OUTPUT, or DIR_IN DIR_OUT with --batch")
      ->required()
      ->expected(2);
  return [args] {
    Options options;
    sanitize::parseMethod(args->method, options.method);
    options.dpi = args->dpi;
    options.ocr_text_layer = args->ocr;
    options.keep_hyperlinks = !args->no_hyperlinks;
    options.remove_metadata = !args->keep_metadata;
    options.block_archive_on_drop = args->block_whole_archive;
    options.clamd_socket = args->clamd_socket;
    options.yara_rules = args->yara_rules;
    if (!args->password_file.empty()) {
      auto password = readPassword(args->password_file);
      if (!password.isOk()) {
        std::cerr << "sanso sanitize: " << password.status().toString() << "\n";
        return kExitUsage;
      }
      options.password = std::move(*password);
    }
    return args->batch ? runBatch(*args, options) : runSingle(*args, options);
  };
}

}  // namespace sanso::app
