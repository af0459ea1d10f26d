#include "office/office_documents.h"

#include <filesystem>
#include <string>

#include "detect.h"
#include "office/filters.h"
#include "office/office_converter.h"
#include "odf/odf_sanitizer.h"
#include "ooxml/ooxml_sanitizer.h"
#include "pdf/pdf_sanitizer.h"
#include "render/image_pdf.h"
#include "rtf/rtf_sanitizer.h"
#include "sanso/common/file_io.h"

namespace sanso::sanitize::office {
namespace {

// Removes a scratch file beside the output when it goes out of scope.
class ScratchFile {
 public:
  explicit ScratchFile(std::string path) : path_(std::move(path)) {}
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

using Sanitizer = Result<FileType> (*)(Job&);

// The native cdr that runs before LibreOffice sees a document of `family`; nullptr when
// LibreOffice reads the original (legacy Office: its cdr is LibreOffice itself).
Sanitizer cdrBeforeConversion(Family family) {
  switch (family) {
    case Family::kOoxml: return ooxml::sanitizeOoxml;
    case Family::kRtf: return rtf::sanitizeRtf;
    case Family::kOdf: return odf::sanitizeOdf;
    default: return nullptr;
  }
}

// The document as PDF, made by LibreOffice in the sandbox. OOXML, ODF and RTF inputs are
// sanitized first and LibreOffice reads the sanitized document.
Result<std::string> officeToPdf(Job& job) {
  Sanitizer sanitize = cdrBeforeConversion(typeInfo(job.type).family);
  if (sanitize == nullptr) {
    SANSO_ASSIGN_OR_RETURN(Conversion conversion,
                           pdfConversion(job.input, job.type, job.budget));
    return convertDocument(job.input, conversion, job.budget);
  }
  ScratchFile sanitized(job.output_path + ".cdr");
  Job cdr{job.input, job.type, job.options, job.budget, job.log, sanitized.path()};
  SANSO_ASSIGN_OR_RETURN(FileType type, sanitize(cdr));
  SANSO_ASSIGN_OR_RETURN(InputFile file,
                         InputFile::open(sanitized.path(), job.budget.limits().max_input_bytes));
  SANSO_ASSIGN_OR_RETURN(Conversion conversion, pdfConversion(file.bytes(), type, job.budget));
  return convertDocument(file.bytes(), conversion, job.budget);
}

}  // namespace

Result<FileType> legacyToOoxml(Job& job) {
  SANSO_ASSIGN_OR_RETURN(OoxmlConversion target, ooxmlConversion(job.input, job.budget));
  SANSO_ASSIGN_OR_RETURN(std::string converted,
                         convertDocument(job.input, target.conversion, job.budget));
  ByteView bytes = asBytes(converted);
  SANSO_ASSIGN_OR_RETURN(FileType type, detectType(bytes, job.budget));
  if (typeInfo(type).family != Family::kOoxml) {
    return Status::blocked("office-conversion-failed",
                           "LibreOffice did not produce an Office Open XML package");
  }
  job.log.add("converted", "legacy-office", "document",
              std::string(typeName(job.type)) + " -> " +
                  std::string(typeName(target.ooxml_type)) + " in the LibreOffice sandbox");
  Job ooxml{bytes, type, job.options, job.budget, job.log, job.output_path};
  return ooxml::sanitizeOoxml(ooxml);
}

Result<FileType> officeToImagePdf(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string pdf, officeToPdf(job));
  Job render{asBytes(pdf), FileType::kPdf, job.options, job.budget, job.log, job.output_path};
  return render::pdfToImagePdf(render);
}

Result<FileType> officeToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string pdf, officeToPdf(job));
  Job text{asBytes(pdf), FileType::kPdf, job.options, job.budget, job.log, job.output_path};
  return pdf::pdfToText(text);
}

}  // namespace sanso::sanitize::office
