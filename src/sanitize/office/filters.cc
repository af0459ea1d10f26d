#include "office/filters.h"

#include <string_view>

#include "ole2/legacy_office.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize::office {
namespace {

constexpr std::string_view kWriterPdf = "writer_pdf_Export";
constexpr std::string_view kCalcPdf = "calc_pdf_Export";
constexpr std::string_view kImpressPdf = "impress_pdf_Export";
constexpr std::string_view kDrawPdf = "draw_pdf_Export";

// The PDF export filter of the application that opens `type`.
std::string_view pdfExportFor(FileType type) {
  switch (type) {
    case FileType::kXlsx: case FileType::kXlsm: case FileType::kXltx: case FileType::kXltm:
    case FileType::kXls: case FileType::kXlt:
      return kCalcPdf;
    case FileType::kPptx: case FileType::kPptm: case FileType::kPotx: case FileType::kPotm:
    case FileType::kPpsx: case FileType::kPpsm: case FileType::kPpt:
      return kImpressPdf;
    default:
      return kWriterPdf;
  }
}

std::string_view ooxmlImportFilter(FileType type) {
  switch (type) {
    case FileType::kDotx: case FileType::kDotm: return "MS Word 2007 XML Template";
    case FileType::kXlsx: case FileType::kXlsm: return "Calc MS Excel 2007 XML";
    case FileType::kXltx: case FileType::kXltm: return "Calc MS Excel 2007 XML Template";
    case FileType::kPptx: case FileType::kPptm: return "Impress MS PowerPoint 2007 XML";
    case FileType::kPotx: case FileType::kPotm: return "Impress MS PowerPoint 2007 XML Template";
    case FileType::kPpsx: case FileType::kPpsm: return "Impress MS PowerPoint 2007 XML AutoPlay";
    default: return "MS Word 2007 XML";
  }
}

struct OdfFilters {
  std::string_view mimetype;
  Conversion conversion;
};

constexpr OdfFilters kOdfFilters[] = {
    {"application/vnd.oasis.opendocument.text", {"writer8", kWriterPdf}},
    {"application/vnd.oasis.opendocument.text-template", {"writer8_template", kWriterPdf}},
    {"application/vnd.oasis.opendocument.spreadsheet", {"calc8", kCalcPdf}},
    {"application/vnd.oasis.opendocument.spreadsheet-template", {"calc8_template", kCalcPdf}},
    {"application/vnd.oasis.opendocument.presentation", {"impress8", kImpressPdf}},
    {"application/vnd.oasis.opendocument.presentation-template",
     {"impress8_template", kImpressPdf}},
    {"application/vnd.oasis.opendocument.graphics", {"draw8", kDrawPdf}},
    {"application/vnd.oasis.opendocument.graphics-template", {"draw8_template", kDrawPdf}},
};

}  // namespace

Result<Conversion> odfPdfConversion(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(zip::Reader zip, zip::Reader::open(data, budget));
  const zip::Entry* entry = zip.find("mimetype");
  if (entry == nullptr || entry->uncompressed_size > 256) {
    return Status::blocked("malformed-odf", "ODF package without a mimetype entry");
  }
  SANSO_ASSIGN_OR_RETURN(std::string mimetype, zip.read(*entry, budget));
  for (const auto& filters : kOdfFilters) {
    if (mimetype == filters.mimetype) return filters.conversion;
  }
  return Status::blocked("method-unsupported", "ODF documents of type '" + mimetype +
                                                   "' are not rendered");
}

Result<Conversion> pdfConversion(ByteView data, FileType type, Budget& budget) {
  switch (typeInfo(type).family) {
    case Family::kOoxml:
      return Conversion{ooxmlImportFilter(type), pdfExportFor(type)};
    case Family::kLegacyOffice: {
      SANSO_ASSIGN_OR_RETURN(ole2::LegacyOffice info, ole2::inspectLegacyOffice(data, budget));
      if (info.encrypted) {
        return Status::blocked("encrypted", "the Office document is password-protected");
      }
      if (info.type == FileType::kOle2) {
        return Status::blocked("unsupported-type", "not a Word, Excel or PowerPoint file");
      }
      return Conversion{info.import_filter, pdfExportFor(info.type)};
    }
    case Family::kOdf:
      return odfPdfConversion(data, budget);
    case Family::kRtf:
      return Conversion{"Rich Text Format", kWriterPdf};
    default:
      return Status::blocked("method-unsupported", "not an Office document");
  }
}

Result<OoxmlConversion> ooxmlConversion(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(ole2::LegacyOffice info, ole2::inspectLegacyOffice(data, budget));
  if (info.encrypted) {
    return Status::blocked("encrypted", "the Office document is password-protected");
  }
  switch (info.type) {
    case FileType::kDoc: return OoxmlConversion{{info.import_filter, "MS Word 2007 XML"},
                                                FileType::kDocx};
    case FileType::kDot: return OoxmlConversion{{info.import_filter, "MS Word 2007 XML Template"},
                                                FileType::kDotx};
    case FileType::kXls: return OoxmlConversion{{info.import_filter, "Calc MS Excel 2007 XML"},
                                                FileType::kXlsx};
    case FileType::kXlt:
      return OoxmlConversion{{info.import_filter, "Calc MS Excel 2007 XML Template"},
                             FileType::kXltx};
    case FileType::kPpt:
      return OoxmlConversion{{info.import_filter, "Impress MS PowerPoint 2007 XML"},
                             FileType::kPptx};
    default:
      return Status::blocked("unsupported-type", "not a Word, Excel or PowerPoint file");
  }
}

}  // namespace sanso::sanitize::office
