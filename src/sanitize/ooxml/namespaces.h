// Namespace and relationship-type URIs of OOXML (Transitional and Strict).
#pragma once

#include <string_view>

namespace sanso::sanitize::ooxml::ns {

inline constexpr std::string_view kContentTypes =
    "http://schemas.openxmlformats.org/package/2006/content-types";
inline constexpr std::string_view kRelationships =
    "http://schemas.openxmlformats.org/package/2006/relationships";
inline constexpr std::string_view kOfficeRels =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr std::string_view kStrictOfficeRels =
    "http://purl.oclc.org/ooxml/officeDocument/relationships";
inline constexpr std::string_view kWord =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr std::string_view kStrictWord = "http://purl.oclc.org/ooxml/wordprocessingml/main";
inline constexpr std::string_view kSheet =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr std::string_view kStrictSheet = "http://purl.oclc.org/ooxml/spreadsheetml/main";
inline constexpr std::string_view kPresentation =
    "http://schemas.openxmlformats.org/presentationml/2006/main";
inline constexpr std::string_view kStrictPresentation =
    "http://purl.oclc.org/ooxml/presentationml/main";
inline constexpr std::string_view kDrawing =
    "http://schemas.openxmlformats.org/drawingml/2006/main";
inline constexpr std::string_view kStrictDrawing = "http://purl.oclc.org/ooxml/drawingml/main";
inline constexpr std::string_view kVml = "urn:schemas-microsoft-com:vml";
inline constexpr std::string_view kOffice = "urn:schemas-microsoft-com:office:office";
inline constexpr std::string_view kExcelVml = "urn:schemas-microsoft-com:office:excel";
inline constexpr std::string_view kCoreProps =
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
inline constexpr std::string_view kExtendedProps =
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
inline constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";

// Relationship-type suffixes are matched after these prefixes.
inline constexpr std::string_view kRelTypePrefixes[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
    "http://schemas.openxmlformats.org/package/2006/relationships/",
    "http://schemas.microsoft.com/office/2006/relationships/",
    "http://schemas.microsoft.com/office/2007/relationships/",
    "http://schemas.microsoft.com/office/2011/relationships/",
    "http://schemas.microsoft.com/office/2017/06/relationships/",
};

}  // namespace sanso::sanitize::ooxml::ns
