#include "odf/odf_sanitizer.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

#include "detect.h"
#include "media/media.h"
#include "odf/namespaces.h"
#include "odf/package.h"
#include "odf/part_sanitizer.h"
#include "ooxml/xml_util.h"
#include "sanso/common/file_io.h"
#include "zip/zip_reader.h"
#include "zip/zip_writer.h"

namespace sanso::sanitize::odf {
namespace {

struct XmlPart {
  std::string name;
  PartKind kind;
  std::unique_ptr<pugi::xml_document> doc;
};

struct Picture {
  std::string media_type;
  SpoolFile::Range range;  // the re-encoded image, in the spool
};

constexpr std::pair<std::string_view, PartKind> kXmlParts[] = {
    {"content.xml", PartKind::kContent},
    {"styles.xml", PartKind::kStyles},
    {"meta.xml", PartKind::kMeta},
    {"settings.xml", PartKind::kSettings},
};

// The office:body child a document of `type` has.
std::string_view bodyKind(FileType type) {
  switch (type) {
    case FileType::kOdt: case FileType::kOtt: return "text";
    case FileType::kOds: case FileType::kOts: return "spreadsheet";
    case FileType::kOdp: case FileType::kOtp: return "presentation";
    case FileType::kOdg: case FileType::kOtg: return "drawing";
    default: return {};
  }
}

// What a dropped entry was, by where it sits in the package.
std::string droppedWhat(std::string_view name) {
  if (name.starts_with("Basic/")) return "basic-macro";
  if (name.starts_with("Scripts/")) return "script";
  if (name.starts_with("Dialogs/")) return "macro-dialog";
  if (name.starts_with("Object ") || name.starts_with("ObjectReplacements/")) {
    return "embedded-object";
  }
  if (name.starts_with("Thumbnails/")) return "thumbnail";
  if (name.starts_with("Configurations2/")) return "ui-configuration";
  if (name.starts_with("META-INF/") && name.find("signature") != std::string_view::npos) {
    return "signature";
  }
  if (name == "manifest.rdf") return "rdf-metadata";
  if (name == "layout-cache") return "layout-cache";
  if (name.starts_with("Fonts/")) return "embedded-font";
  return "unreferenced-part";
}

// Entries of a folder are reported once, under the folder's name.
std::string droppedWhere(std::string_view name) {
  auto slash = name.find('/');
  if (slash == std::string_view::npos) return std::string(name);
  return std::string(name.substr(0, slash + 1));
}

bool validVersion(std::string_view v) {
  return v.size() == 3 && v[0] == '1' && v[1] == '.' && v[2] >= '0' && v[2] <= '9';
}

class PackageRebuilder {
 public:
  PackageRebuilder(Job& job, const zip::Reader& zip, PackageInfo info)
      : job_(job), zip_(zip), info_(std::move(info)) {}

  Status run() {
    SANSO_RETURN_IF_ERROR(loadParts());
    SANSO_RETURN_IF_ERROR(sanitizeParts());
    SANSO_RETURN_IF_ERROR(loadPictures());
    for (auto& part : parts_) dropMissingImages(*part.doc, kept_pictures_);
    reportDropped();
    return write();
  }

 private:
  Status loadParts() {
    for (auto [name, kind] : kXmlParts) {
      const zip::Entry* entry = zip_.find(name);
      if (entry == nullptr || entry->name != name) {
        if (kind == PartKind::kContent) return Status::blocked("malformed-odf", "no content.xml");
        continue;
      }
      SANSO_ASSIGN_OR_RETURN(std::string bytes, zip_.read(*entry, job_.budget));
      XmlPart part{std::string(name), kind, std::make_unique<pugi::xml_document>()};
      auto parsed = ooxml::parseXmlUnwalked(bytes, *part.doc, job_.budget, part.name);
      if (!parsed.isOk()) {
        if (parsed.status().reason() != "malformed-xml" || kind == PartKind::kContent) {
          return parsed.status();
        }
        job_.log.removed("malformed-part", part.name, parsed.status().message());
        continue;
      }
      std::string problem = rootProblem(part);
      if (!problem.empty()) {
        if (kind == PartKind::kContent) return Status::blocked("malformed-odf", problem);
        job_.log.removed("malformed-part", part.name, problem);
        continue;
      }
      parts_.push_back(std::move(part));
    }
    return Status::ok();
  }

  // Why the part's root does not fit its name and the package type; empty when it does.
  std::string rootProblem(const XmlPart& part) {
    pugi::xml_node root = part.doc->document_element();
    std::string_view uri = ooxml::namespaceOf(root);
    std::string_view local = ooxml::localName(root.name());
    if (part.kind == PartKind::kContent && info_.type == FileType::kOdf) {
      if (uri == ns::kMath && local == "math") return {};
      return "content.xml of a formula is not MathML";
    }
    if (uri != ns::kOffice || local != rootLocalName(part.kind)) {
      return part.name + " has root " + std::string(root.name());
    }
    if (part.kind != PartKind::kContent) return {};
    content_version_ = ooxml::findAttribute(root, ns::kOffice, "version").value();
    for (pugi::xml_node child : root.children()) {
      if (child.type() != pugi::node_element || ooxml::localName(child.name()) != "body") continue;
      for (pugi::xml_node kind : child.children()) {
        if (kind.type() != pugi::node_element) continue;
        if (ooxml::namespaceOf(kind) == ns::kOffice &&
            ooxml::localName(kind.name()) == bodyKind(info_.type)) {
          return {};
        }
        return "the body is " + std::string(kind.name()) + ", not the package's " +
               std::string(bodyKind(info_.type));
      }
    }
    return "content.xml has no document body";
  }

  Status sanitizeParts() {
    for (auto& part : parts_) {
      PartContext context;
      context.name = part.name;
      context.kind = part.kind;
      context.keep_hyperlinks = job_.options.keep_hyperlinks;
      context.remove_metadata = job_.options.remove_metadata;
      SANSO_RETURN_IF_ERROR(sanitizePart(*part.doc, context, job_.budget, job_.log));
    }
    return Status::ok();
  }

  // Re-encodes every picture a kept part shows; pictures that cannot be are dropped.
  Status loadPictures() {
    std::set<std::string> wanted;
    for (auto& part : parts_) {
      if (part.kind != PartKind::kContent && part.kind != PartKind::kStyles) continue;
      for (auto& path : imageReferences(*part.doc)) wanted.insert(std::move(path));
    }
    for (const auto& path : wanted) {
      reported_.insert(path);
      const zip::Entry* entry = zip_.find(path);
      if (entry == nullptr || entry->name != path || reserved(path)) {
        job_.log.removed("missing-image", path);
        continue;
      }
      SANSO_ASSIGN_OR_RETURN(std::string bytes, zip_.read(*entry, job_.budget));
      auto type = detectType(asBytes(bytes), job_.budget);
      if (!type.isOk() || typeInfo(*type).family != Family::kImage) {
        if (!type.isOk() && type.status().reason().starts_with("limit-")) return type.status();
        job_.log.removed("image-unsupported", path, "not a JPEG, PNG, GIF, BMP, TIFF or WebP");
        continue;
      }
      auto encoded = media::reencode(asBytes(bytes), *type, job_.budget, path);
      if (!encoded.isOk()) {
        if (encoded.status().reason().starts_with("limit-")) return encoded.status();
        job_.log.removed("image", path, encoded.status().message());
        continue;
      }
      if (!spool_) {
        SANSO_ASSIGN_OR_RETURN(SpoolFile spool, SpoolFile::createBeside(job_.output_path));
        spool_.emplace(std::move(spool));
      }
      Picture picture;
      picture.media_type = encoded->type == FileType::kJpeg ? "image/jpeg" : "image/png";
      SANSO_ASSIGN_OR_RETURN(picture.range, spool_->append(asBytes(encoded->bytes)));
      pictures_.emplace(path, picture);
      kept_pictures_.insert(path);
      job_.log.add("re-encoded", "image", path);
    }
    return Status::ok();
  }

  // Entries the rebuilt package writes itself: never taken as pictures.
  static bool reserved(std::string_view path) {
    if (path == kMimetypeEntry || path.starts_with("META-INF/")) return true;
    for (auto [name, kind] : kXmlParts) {
      if (path == name) return true;
    }
    return false;
  }

  void reportDropped() {
    for (const auto& e : zip_.entries()) {
      if (e.name == kMimetypeEntry || e.name == kManifestEntry || reported_.count(e.name) ||
          e.name.ends_with("/")) {
        continue;
      }
      bool xml_part = false;
      for (const auto& part : parts_) xml_part = xml_part || part.name == e.name;
      if (xml_part) continue;
      bool reported_part = false;
      for (auto [name, kind] : kXmlParts) reported_part = reported_part || name == e.name;
      if (reported_part) continue;  // dropped as malformed, already reported
      job_.log.removed(droppedWhat(e.name), droppedWhere(e.name));
    }
  }

  std::string manifestXml() {
    std::string version = info_.version;
    if (version.empty() && validVersion(content_version_)) version = content_version_;
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("manifest:manifest");
    root.append_attribute("xmlns:manifest") = std::string(ns::kManifest).c_str();
    if (!version.empty()) root.append_attribute("manifest:version") = version.c_str();
    auto entry = [&](const std::string& path, const std::string& media_type) {
      pugi::xml_node e = root.append_child("manifest:file-entry");
      e.append_attribute("manifest:full-path") = path.c_str();
      if (path == "/" && !version.empty()) e.append_attribute("manifest:version") = version.c_str();
      e.append_attribute("manifest:media-type") = media_type.c_str();
    };
    entry("/", info_.media_type);
    for (const auto& part : parts_) entry(part.name, "text/xml");
    for (const auto& [path, picture] : pictures_) entry(path, picture.media_type);
    return ooxml::serializeXml(doc);
  }

  Status write() {
    SANSO_ASSIGN_OR_RETURN(zip::Writer writer, zip::Writer::create(job_.output_path));
    SANSO_RETURN_IF_ERROR(writer.add(std::string(kMimetypeEntry), info_.media_type, false));
    for (const auto& part : parts_) {
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime(part.name));
      const std::string xml = ooxml::serializeXml(*part.doc);
      SANSO_RETURN_IF_ERROR(ooxml::requireUtf8(xml, part.name));
      SANSO_RETURN_IF_ERROR(writer.add(part.name, xml));
    }
    for (const auto& [path, picture] : pictures_) {
      SANSO_RETURN_IF_ERROR(writer.addFromFile(path, spool_->fd(), picture.range.offset,
                                               picture.range.size, false));
    }
    const std::string manifest = manifestXml();
    SANSO_RETURN_IF_ERROR(ooxml::requireUtf8(manifest, std::string(kManifestEntry)));
    SANSO_RETURN_IF_ERROR(writer.add(std::string(kManifestEntry), manifest));
    return writer.close();
  }

  Job& job_;
  const zip::Reader& zip_;
  PackageInfo info_;
  std::vector<XmlPart> parts_;
  std::map<std::string, Picture> pictures_;
  std::set<std::string> kept_pictures_;
  std::set<std::string> reported_;  // pictures judged by loadPictures()
  std::string content_version_;
  std::optional<SpoolFile> spool_;
};

}  // namespace

Result<FileType> sanitizeOdf(Job& job) {
  SANSO_ASSIGN_OR_RETURN(zip::Reader zip, zip::Reader::open(job.input, job.budget));
  SANSO_ASSIGN_OR_RETURN(PackageInfo info, readPackageInfo(zip, job.budget));
  if (info.encrypted) return Status::blocked("encrypted", "the document is encrypted");
  if (info.type != job.type) {
    return Status::blocked("malformed-odf", "the package type changed between reads");
  }
  PackageRebuilder rebuilder(job, zip, std::move(info));
  SANSO_RETURN_IF_ERROR(rebuilder.run());
  return job.type;
}

}  // namespace sanso::sanitize::odf
