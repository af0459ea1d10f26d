#include "rtf/rtf_sanitizer.h"

#include "rtf/reader.h"
#include "rtf/rtf_writer.h"
#include "text/file_sink.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::rtf {

Result<FileType> sanitizeRtf(Job& job) {
  SANSO_ASSIGN_OR_RETURN(text::FileSink out, text::FileSink::open(job.output_path));
  RtfWriter writer(out);
  SANSO_RETURN_IF_ERROR(readRtf(job, writer, /*pictures=*/true));
  SANSO_RETURN_IF_ERROR(out.close());
  return FileType::kRtf;
}

Result<FileType> rtfToText(Job& job) {
  std::string collected;
  TextCollector collector(collected);
  SANSO_RETURN_IF_ERROR(readRtf(job, collector, /*pictures=*/false));
  SANSO_RETURN_IF_ERROR(job.budget.checkTime("rtf"));
  uint64_t removed = 0;
  const std::string clean = text::stripControls(collected, removed);
  if (removed > 0) {
    job.log.removed("control-characters", "rtf", std::to_string(removed) + " characters");
  }
  SANSO_ASSIGN_OR_RETURN(text::FileSink out, text::FileSink::open(job.output_path));
  SANSO_RETURN_IF_ERROR(out.write(clean));
  SANSO_RETURN_IF_ERROR(out.close());
  return FileType::kText;
}

}  // namespace sanso::sanitize::rtf
