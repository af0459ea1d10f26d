// cdr for PDF: open with qpdf, clean the pages and what they reach in place, copy only the pages
// into a new document, write it, and verify the written bytes before delivering them.
#include "pdf/pdf_sanitizer.h"

#include <exception>
#include <mutex>
#include <new>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <set>
#include <string>
#include <vector>

#include "pdf/action_sanitizer.h"
#include "pdf/active_content.h"
#include "pdf/annotation_sanitizer.h"
#include "pdf/catalog_rebuilder.h"
#include "pdf/form_flattener.h"
#include "pdf/graph_scrubber.h"
#include "pdf/output_verifier.h"
#include "pdf/output_writer.h"
#include "pdf/page_sanitizer.h"
#include "sanso/common/file_io.h"

namespace sanso::sanitize::pdf {
namespace {

// qpdf repairs damaged files (rebuilt cross-reference tables, bad stream lengths, dangling
// references) and reports each repair as a warning; the rebuild only ever sees the repaired
// structure, so every repair is recorded rather than refused.
void logRepairs(QPDF& pdf, ActionLog& log) {
  for (const QPDFExc& warning : pdf.getWarnings()) {
    log.add("repaired", "pdf-structure", "document", printableDetail(warning.what()));
  }
}

// Opens the input; an encrypted file opens only when its user password is empty.
void openSource(QPDF& source, Job& job) {
  source.setSuppressWarnings(true);
  source.setAttemptRecovery(true);
  source.processMemoryFile("input", reinterpret_cast<const char*>(job.input.data()),
                           job.input.size());
  if (source.isEncrypted()) {
    job.log.removed("encryption", "document", "opened with the empty user password");
  }
}

// One rebuild: the source document cleaned in place, then its pages copied into a new one.
class Rebuild {
 public:
  explicit Rebuild(Job& job)
      : job_(job), scanner_(job.log, job.budget), scrubber_(scanner_, job.budget) {}

  Result<FileType> run() {
    openSource(source_, job_);
    SANSO_RETURN_IF_ERROR(job_.budget.check("pdf-objects", source_.getXRefTable().size(),
                                            job_.budget.limits().max_pdf_objects, "document"));
    source_.pushInheritedAttributesToPage();
    pages_ = source_.getAllPages();
    SANSO_RETURN_IF_ERROR(
        job_.budget.check("pages", pages_.size(), job_.budget.limits().max_pages, "document"));
    SANSO_RETURN_IF_ERROR(flattenFormFields(source_, pages_, scanner_, job_.budget));

    std::set<QPDFObjGen> page_ids;
    for (auto& page : pages_) page_ids.insert(page.getObjGen());
    ActionSanitizer actions(source_, page_ids, job_.options, scanner_);
    SANSO_RETURN_IF_ERROR(cleanPages(actions));
    // After the pages: outlines and links share the named-destination lookup of the catalog.
    CatalogRebuilder catalog(source_, job_.options, actions, scrubber_, scanner_, job_.budget);
    SANSO_RETURN_IF_ERROR(catalog.prepare(pages_.size()));

    QPDF out;
    out.setSuppressWarnings(true);
    out.emptyPDF();
    SANSO_RETURN_IF_ERROR(copyPages(out));
    catalog.install(out);
    // Written straight to the output file (it can be as large as the input), then re-read
    // from there; the engine discards the file if anything below fails.
    SANSO_RETURN_IF_ERROR(
        writeRebuilt(out, source_.getPDFVersion(), job_.budget, job_.output_path));
    logRepairs(source_, job_.log);
    logRepairs(out, job_.log);
    SANSO_ASSIGN_OR_RETURN(InputFile written, InputFile::open(job_.output_path, UINT64_MAX));
    SANSO_RETURN_IF_ERROR(verifyRebuilt(asChars(written.bytes()), pages_.size(),
                                        job_.options.keep_hyperlinks, job_.budget));
    return FileType::kPdf;
  }

 private:
  // Cleans every page in place, detaching the annotations each page keeps.
  Status cleanPages(ActionSanitizer& actions) {
    AnnotationSanitizer annotations(actions, scrubber_, scanner_);
    PageSanitizer sanitizer(annotations, scrubber_, scanner_);
    annots_.resize(pages_.size());
    for (size_t i = 0; i < pages_.size(); ++i) {
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime("page " + std::to_string(i + 1)));
      SANSO_RETURN_IF_ERROR(sanitizer.sanitize(pages_[i], static_cast<int>(i + 1), annots_[i]));
    }
    return Status::ok();
  }

  // Copies the pages into `out`, then their annotations: once every page exists in the new
  // document, links between pages resolve to the copies.
  Status copyPages(QPDF& out) {
    QPDFPageDocumentHelper out_pages(out);
    for (size_t i = 0; i < pages_.size(); ++i) {
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime("copying page " + std::to_string(i + 1)));
      out_pages.addPage(QPDFPageObjectHelper(pages_[i]), false);
    }
    std::vector<QPDFObjectHandle> copies = out.getAllPages();
    for (size_t i = 0; i < copies.size(); ++i) {
      if (annots_[i].getArrayNItems() == 0) continue;
      copies[i].replaceKey("/Annots",
                           out.copyForeignObject(source_.makeIndirectObject(annots_[i])));
    }
    return Status::ok();
  }

  Job& job_;
  QPDF source_;
  ActiveContentScanner scanner_;
  GraphScrubber scrubber_;
  std::vector<QPDFObjectHandle> pages_;
  std::vector<QPDFObjectHandle> annots_;
};

}  // namespace

Result<FileType> sanitizePdf(Job& job) {
  // qpdf prints warnings about objects that belong to no document (ours, or parts detached from
  // the input) through its process-wide logger; the input's own warnings are collected per job.
  static std::once_flag quiet;
  std::call_once(quiet, [] {
    auto logger = QPDFLogger::defaultLogger();
    logger->setWarn(logger->discard());
  });
  try {
    return Rebuild(job).run();
  } catch (const QPDFExc& e) {
    if (e.getErrorCode() == qpdf_e_password) {
      return Status::blocked("encrypted", "the PDF needs a password to open");
    }
    return Status::blocked("malformed-pdf", printableDetail(e.what()));
  } catch (const std::bad_alloc&) {
    return Status::blocked("malformed-pdf", "out of memory while rebuilding the PDF");
  } catch (const std::exception& e) {
    return Status::blocked("malformed-pdf", printableDetail(e.what()));
  }
}

}  // namespace sanso::sanitize::pdf
