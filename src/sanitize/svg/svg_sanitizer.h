// SVG: parsed by pugixml with no DTD processing, rebuilt from an allowlist of SVG elements
// and attributes; also rendered as text or rasterized to an image-only PDF.
#pragma once

#include <string>

#include "action_log.h"
#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::svg {

// The sanitized SVG for `input` (UTF-8, with an XML declaration): no script, foreignObject,
// animation (animate/set/...), event attributes, stylesheets other than filtered <style>,
// links (<a> unwrapped), external references (href only to a local #id; <image> only as a
// re-encoded data: PNG/JPEG), metadata or foreign-namespace content. Blocks "svg-dtd" for a
// DOCTYPE with an internal subset, "malformed-svg" when it does not parse or its root is not
// an SVG-namespace <svg>, "limit-..." past `budget`'s limits.
Result<std::string> sanitizeSvgBytes(ByteView input, const Options& options, Budget& budget,
                                     ActionLog& log);

// The text of `input`'s <title>, <desc> and <text> elements (after sanitizing), one per line.
Result<std::string> svgBytesToText(ByteView input, const Options& options, Budget& budget,
                                   ActionLog& log);

// Handler: cdr of an SVG file, output kSvg.
Result<FileType> sanitizeSvg(Job& job);
// Handler: text of an SVG file, output kText.
Result<FileType> svgToText(Job& job);
// Handler: image-pdf of an SVG file: the sanitized SVG rendered by MuPDF into an image PDF.
Result<FileType> svgToImagePdf(Job& job);

}  // namespace sanso::sanitize::svg
