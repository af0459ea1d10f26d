// Namespace URIs of OpenDocument (ODF 1.0-1.3) and the LibreOffice extensions it carries.
#pragma once

#include <string_view>

namespace sanso::sanitize::odf::ns {

inline constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
inline constexpr std::string_view kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
inline constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
inline constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
inline constexpr std::string_view kDraw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
inline constexpr std::string_view kFo =
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
inline constexpr std::string_view kSvg =
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
inline constexpr std::string_view kChart = "urn:oasis:names:tc:opendocument:xmlns:chart:1.0";
inline constexpr std::string_view kDr3d = "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0";
inline constexpr std::string_view kNumber = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0";
inline constexpr std::string_view kMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
inline constexpr std::string_view kConfig = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";
inline constexpr std::string_view kPresentation =
    "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
inline constexpr std::string_view kAnim = "urn:oasis:names:tc:opendocument:xmlns:animation:1.0";
inline constexpr std::string_view kSmil =
    "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0";
inline constexpr std::string_view kScript = "urn:oasis:names:tc:opendocument:xmlns:script:1.0";
inline constexpr std::string_view kForm = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
inline constexpr std::string_view kManifest =
    "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
inline constexpr std::string_view kXlink = "http://www.w3.org/1999/xlink";
inline constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kMath = "http://www.w3.org/1998/Math/MathML";
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
// LibreOffice / OpenOffice.org extensions that only carry formatting and layout.
inline constexpr std::string_view kLoExt =
    "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0";
inline constexpr std::string_view kCalcExt =
    "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0";
inline constexpr std::string_view kOfficeOoo = "http://openoffice.org/2009/office";
inline constexpr std::string_view kTableOoo = "http://openoffice.org/2009/table";
inline constexpr std::string_view kDrawOoo = "http://openoffice.org/2010/draw";
inline constexpr std::string_view kCss3t = "http://www.w3.org/TR/css3-text/";

}  // namespace sanso::sanitize::odf::ns
