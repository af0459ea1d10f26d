#include "ooxml/ooxml_sanitizer.h"

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "detect.h"
#include "link_policy.h"
#include "media/media.h"
#include "ooxml/namespaces.h"
#include "ooxml/package.h"
#include "ooxml/part_policy.h"
#include "ooxml/unchanged_part.h"
#include "ooxml/xml_part_sanitizer.h"
#include "ooxml/xml_util.h"
#include "sanso/common/file_io.h"
#include "zip/zip_reader.h"
#include "zip/zip_writer.h"

namespace sanso::sanitize::ooxml {
namespace {

constexpr std::string_view kRelsContentType =
    "application/vnd.openxmlformats-package.relationships+xml";

struct KeptRel {
  Relationship rel;
  std::string part;  // target part (zip name) for internal relationships
};

struct Part {
  std::string name;
  std::string content_type;
  PartClass part_class = PartClass::kXml;
  std::string out_name;
  SpoolFile::Range image;  // the re-encoded image, in the sanitizer's spool
  std::unique_ptr<pugi::xml_document> doc;
  std::string source;  // the XML as read: written back as stored when it serializes the same
  // Relationship references of a part the scan found no rule in (views into `source`): when
  // they are all kept it is copied as stored without a tree; otherwise sanitizeParts() resets
  // this and parses it after all.
  std::optional<std::vector<PartReference>> scanned;
  bool dropped = false;
};

bool isVml(std::string_view content_type) {
  return content_type.find("vmlDrawing") != std::string_view::npos;
}

// Replaces the extension of `target` (as written in a .rels) to match a renamed part.
std::string retarget(const std::string& target, const std::string& old_name,
                     const std::string& new_name) {
  auto old_dot = old_name.rfind('.');
  auto new_dot = new_name.rfind('.');
  auto target_dot = target.rfind('.');
  if (old_dot == std::string::npos || new_dot == std::string::npos ||
      target_dot == std::string::npos) {
    return target;
  }
  return target.substr(0, target_dot) + new_name.substr(new_dot);
}

class PackageRebuilder {
 public:
  PackageRebuilder(Job& job, const zip::Reader& zip, ContentTypes types)
      : job_(job), zip_(zip), types_(std::move(types)) {}

  Status run() {
    SANSO_RETURN_IF_ERROR(walkGraph());
    SANSO_RETURN_IF_ERROR(loadParts());
    pruneRelationships();
    SANSO_RETURN_IF_ERROR(checkMainPart());
    SANSO_RETURN_IF_ERROR(sanitizeParts());
    return write();
  }

 private:
  // Follows relationships from the package root, keeping allowlisted parts only.
  Status walkGraph() {
    std::deque<std::string> queue{""};
    std::set<std::string> visited{""};
    while (!queue.empty()) {
      std::string source = queue.front();
      queue.pop_front();
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime(source));
      const zip::Entry* rels_entry = zip_.find(relsPartFor(source));
      if (rels_entry == nullptr) continue;
      SANSO_ASSIGN_OR_RETURN(std::string xml, zip_.read(*rels_entry, job_.budget));
      SANSO_ASSIGN_OR_RETURN(auto rels, parseRelationships(xml, job_.budget, rels_entry->name));
      std::string where = source.empty() ? "package" : source;
      std::set<std::string> ids;
      for (auto& rel : rels) {
        if (rel.id.empty() || !ids.insert(rel.id).second) {
          job_.log.removed("invalid-relationship", where, "duplicate or empty id");
          continue;
        }
        std::string_view kind = relationshipKind(rel.type);
        if (rel.external) {
          keepExternal(source, where, kind, rel);
          continue;
        }
        std::string target = resolveTarget(source, rel.target);
        const zip::Entry* entry = target.empty() ? nullptr : zip_.find(target);
        if (entry == nullptr) {
          job_.log.removed("dangling-relationship", where, rel.target);
          continue;
        }
        std::string content_type = types_.typeOf(entry->name);
        PartDecision decision = decidePart(kind, content_type, !job_.options.remove_metadata);
        if (!decision.keep) {
          job_.log.removed(decision.what, entry->name, content_type);
          reported_.insert(entry->name);
          continue;
        }
        rels_[source].push_back({rel, entry->name});
        if (visited.insert(entry->name).second) {
          Part part;
          part.name = entry->name;
          part.out_name = entry->name;
          part.content_type = content_type;
          part.part_class = decision.part_class;
          parts_.emplace(entry->name, std::move(part));
          queue.push_back(entry->name);
        }
      }
    }
    // Whatever no allowed relationship reached is dropped: report what it was.
    for (const auto& e : zip_.entries()) {
      if (e.name == kContentTypesPart || e.name.ends_with(".rels") || e.name.ends_with("/") ||
          parts_.count(e.name) || reported_.count(e.name)) {
        continue;
      }
      job_.log.removed(orphanWhat(e.name), e.name, types_.typeOf(e.name));
    }
    return Status::ok();
  }

  static std::string orphanWhat(std::string_view name) {
    if (name.find("vbaProject") != std::string_view::npos) return "vba-project";
    if (name.find("activeX") != std::string_view::npos) return "activex";
    if (name.find("embeddings") != std::string_view::npos) return "ole-object";
    return "unreferenced-part";
  }

  void keepExternal(const std::string& source, const std::string& where, std::string_view kind,
                    const Relationship& rel) {
    if (kind != "hyperlink") {
      job_.log.removed(externalWhat(kind), where, rel.target);
      return;
    }
    if (classifyLink(rel.target) == LinkVerdict::kLaunch) {
      job_.log.neutralized("launch-link", where, rel.target);
      return;
    }
    if (!job_.options.keep_hyperlinks) {
      job_.log.neutralized("hyperlink", where, rel.target);
      return;
    }
    rels_[source].push_back({rel, {}});
  }

  // Parses XML parts and re-encodes images; parts that fail are dropped (limits still block).
  Status loadParts() {
    for (auto& [name, part] : parts_) {
      const zip::Entry* entry = zip_.find(name);
      SANSO_ASSIGN_OR_RETURN(std::string bytes, zip_.read(*entry, job_.budget));
      if (part.part_class == PartClass::kImage) {
        SANSO_RETURN_IF_ERROR(loadImage(part, bytes));
        continue;
      }
      part.source = std::move(bytes);
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime(name));
      part.scanned = scanUnchangedPart(part.source, job_.budget.limits());
      if (part.scanned) continue;  // well-formed: whether it is parsed waits for its context
      auto parsed = parseTree(part);
      if (!parsed.isOk()) {
        // A broken secondary part (legacy VML is often not well-formed) is dropped; what
        // Office would have made of it is unknowable, so it does not cross. DTDs still block.
        if (parsed.status().reason() == "malformed-xml" && name != mainPartName()) {
          part.dropped = true;
          job_.log.removed(isVml(part.content_type) ? "vml-drawing" : "malformed-part", name,
                           parsed.status().message());
          continue;
        }
        return parsed.status();
      }
    }
    return Status::ok();
  }

  // Parses the part's source into its tree; the sanitizing walk makes parseXml()'s
  // per-element checks.
  Result<pugi::xml_document*> parseTree(Part& part) {
    part.doc = std::make_unique<pugi::xml_document>();
    return parseXmlUnwalked(part.source, *part.doc, job_.budget, part.name);
  }

  Status loadImage(Part& part, const std::string& bytes) {
    Budget& budget = job_.budget;
    auto type = detectType(asBytes(bytes), budget);
    auto encoded = type.isOk() ? media::reencode(asBytes(bytes), *type, budget, part.name)
                               : Result<image::Encoded>(type.status());
    if (!encoded.isOk()) {
      if (encoded.status().reason().starts_with("limit-")) return encoded.status();
      part.dropped = true;
      job_.log.removed("image", part.name, encoded.status().message());
      return Status::ok();
    }
    // Spooled, not kept: a photo report holds hundreds of megabytes of images.
    if (!spool_) {
      SANSO_ASSIGN_OR_RETURN(SpoolFile spool, SpoolFile::createBeside(job_.output_path));
      spool_.emplace(std::move(spool));
    }
    SANSO_ASSIGN_OR_RETURN(part.image, spool_->append(asBytes(encoded->bytes)));
    std::string ext = encoded->type == FileType::kJpeg ? ".jpeg" : ".png";
    part.content_type = encoded->type == FileType::kJpeg ? "image/jpeg" : "image/png";
    std::string lower = part.name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool extension_fits = encoded->type == FileType::kJpeg
                              ? (lower.ends_with(".jpeg") || lower.ends_with(".jpg"))
                              : lower.ends_with(".png");
    if (!extension_fits) {
      auto dot = part.name.rfind('.');
      auto slash = part.name.rfind('/');
      std::string base = (dot == std::string::npos || (slash != std::string::npos && dot < slash))
                             ? part.name
                             : part.name.substr(0, dot);
      std::string candidate = base + ext;
      for (int i = 1; zip_.find(candidate) != nullptr || taken_.count(candidate); ++i) {
        candidate = base + "-" + std::to_string(i) + ext;
      }
      part.out_name = candidate;
    }
    taken_.insert(part.out_name);
    job_.log.add("re-encoded", "image", part.name);
    return Status::ok();
  }

  // Relationships to dropped parts go too.
  void pruneRelationships() {
    for (auto& [source, rels] : rels_) {
      std::erase_if(rels, [&](const KeptRel& kept) {
        if (kept.rel.external) return false;
        auto it = parts_.find(kept.part);
        return it == parts_.end() || it->second.dropped;
      });
    }
    std::erase_if(parts_, [](const auto& entry) { return entry.second.dropped; });
  }

  // The part the package's officeDocument relationship names; empty when none was kept.
  std::string mainPartName() {
    for (const auto& kept : rels_[""]) {
      if (relationshipKind(kept.rel.type) == "officeDocument") return kept.part;
    }
    return {};
  }

  Status checkMainPart() {
    if (!mainPartName().empty()) return Status::ok();
    return Status::blocked("malformed-ooxml", "the main document part was not kept");
  }

  Status sanitizeParts() {
    for (auto& [name, part] : parts_) {
      if (!part.doc && !part.scanned) continue;
      XmlPartContext context;
      context.name = name;
      context.content_type = part.content_type;
      context.keep_hyperlinks = job_.options.keep_hyperlinks;
      context.remove_metadata = job_.options.remove_metadata;
      for (const auto& kept : rels_[name]) {
        context.kept_rel_ids.insert(kept.rel.id);
        if (kept.rel.external) context.external_rel_ids.insert(kept.rel.id);
      }
      if (part.scanned) {
        if (referencesKept(*part.scanned, context)) continue;
        // Well-formed (the scan read all of it), so only a limit can refuse it here.
        part.scanned.reset();
        SANSO_RETURN_IF_ERROR(parseTree(part).status());
      }
      SANSO_RETURN_IF_ERROR(sanitizeXmlPart(*part.doc, context, job_.budget, job_.log));
    }
    return Status::ok();
  }

  std::string relationshipsXml(const std::vector<KeptRel>& rels) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("Relationships");
    root.append_attribute("xmlns") = std::string(ns::kRelationships).c_str();
    for (const auto& kept : rels) {
      pugi::xml_node r = root.append_child("Relationship");
      r.append_attribute("Id") = kept.rel.id.c_str();
      r.append_attribute("Type") = kept.rel.type.c_str();
      std::string target = kept.rel.target;
      if (!kept.rel.external) {
        const Part& part = parts_.at(kept.part);
        if (part.out_name != part.name) target = retarget(target, part.name, part.out_name);
      }
      r.append_attribute("Target") = target.c_str();
      if (kept.rel.external) r.append_attribute("TargetMode") = "External";
    }
    return serializeXml(doc);
  }

  std::string contentTypesXml() {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("Types");
    root.append_attribute("xmlns") = std::string(ns::kContentTypes).c_str();
    pugi::xml_node rels = root.append_child("Default");
    rels.append_attribute("Extension") = "rels";
    rels.append_attribute("ContentType") = std::string(kRelsContentType).c_str();
    pugi::xml_node xml = root.append_child("Default");
    xml.append_attribute("Extension") = "xml";
    xml.append_attribute("ContentType") = "application/xml";
    for (const auto& [name, part] : parts_) {
      pugi::xml_node o = root.append_child("Override");
      o.append_attribute("PartName") = ("/" + part.out_name).c_str();
      o.append_attribute("ContentType") = outputContentType(part.content_type).c_str();
    }
    return serializeXml(doc);
  }

  Status write() {
    SANSO_ASSIGN_OR_RETURN(zip::Writer writer, zip::Writer::create(job_.output_path));
    SANSO_RETURN_IF_ERROR(addGenerated(writer, std::string(kContentTypesPart), contentTypesXml()));
    SANSO_RETURN_IF_ERROR(addGenerated(writer, "_rels/.rels", relationshipsXml(rels_[""])));
    for (auto& [name, part] : parts_) {
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime(name));
      if (part.doc) {
        SANSO_RETURN_IF_ERROR(addXmlPart(writer, part));
      } else if (part.scanned) {
        SANSO_RETURN_IF_ERROR(addUnchangedPart(writer, part));
      } else if (part.part_class == PartClass::kImage && spool_) {
        SANSO_RETURN_IF_ERROR(writer.addFromFile(part.out_name, spool_->fd(), part.image.offset,
                                                 part.image.size, false));
      } else {
        return Status::internal("ooxml part " + name + " has neither a tree nor an image");
      }
      if (auto it = rels_.find(name); it != rels_.end() && !it->second.empty()) {
        SANSO_RETURN_IF_ERROR(
            addGenerated(writer, relsPartFor(part.out_name), relationshipsXml(it->second)));
      }
    }
    return writer.close();
  }

  // A part the rebuild wrote from parsed values (content types, relationships).
  Status addGenerated(zip::Writer& writer, const std::string& name, const std::string& xml) {
    SANSO_RETURN_IF_ERROR(requireUtf8(xml, name));
    return writer.add(name, xml);
  }

  // Serializes the part; when that gives back the bytes it was read as, the stored deflate
  // stream is copied instead of compressing them again (most parts of most documents). The
  // part's tree and source are released once written.
  Status addXmlPart(zip::Writer& writer, Part& part) {
    std::optional<zip::Packed> packed = zip_.packed(*zip_.find(part.name));
    std::optional<std::string> changed = packed ? serializeUnlessSame(*part.doc, part.source)
                                                : serializeXml(*part.doc, part.source.size());
    part.doc.reset();
    SANSO_RETURN_IF_ERROR(requireUtf8(changed ? *changed : part.source, part.name));
    part.source = std::string();
    return changed ? writer.add(part.out_name, *changed) : writer.addPacked(part.out_name, *packed);
  }

  // A part the scan proved the walk would give back (strict UTF-8 included): its stored
  // deflate stream is copied.
  Status addUnchangedPart(zip::Writer& writer, Part& part) {
    std::optional<zip::Packed> packed = zip_.packed(*zip_.find(part.name));
    Status added = packed ? writer.addPacked(part.out_name, *packed)
                          : writer.add(part.out_name, part.source);
    part.scanned.reset();
    part.source = std::string();
    return added;
  }

  Job& job_;
  const zip::Reader& zip_;
  ContentTypes types_;
  std::map<std::string, Part> parts_;
  std::map<std::string, std::vector<KeptRel>> rels_;  // by source part ("" = package)
  std::set<std::string> taken_;                       // output names given to renamed images
  std::set<std::string> reported_;                    // parts already reported as dropped
  std::optional<SpoolFile> spool_;                    // re-encoded images until written
};

}  // namespace

Result<FileType> sanitizeOoxml(Job& job) {
  SANSO_ASSIGN_OR_RETURN(zip::Reader zip, zip::Reader::open(job.input, job.budget));
  const zip::Entry* ct_entry = zip.find(kContentTypesPart);
  if (ct_entry == nullptr) return Status::blocked("malformed-ooxml", "no [Content_Types].xml");
  SANSO_ASSIGN_OR_RETURN(std::string ct_xml, zip.read(*ct_entry, job.budget));
  SANSO_ASSIGN_OR_RETURN(ContentTypes types, parseContentTypes(ct_xml, job.budget));
  PackageRebuilder rebuilder(job, zip, std::move(types));
  SANSO_RETURN_IF_ERROR(rebuilder.run());
  FileType output = macroFreeType(job.type);
  if (output != job.type) {
    job.log.add("converted", "macro-enabled-type", "package",
                std::string(typeName(job.type)) + " -> " + std::string(typeName(output)));
  }
  return output;
}

}  // namespace sanso::sanitize::ooxml
