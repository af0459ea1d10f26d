#include "pdf/form_flattener.h"

#include <qpdf/Constants.h>

#include <exception>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFAnnotationObjectHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <string>
#include <utility>

namespace sanso::sanitize::pdf {
namespace {

bool isWidget(QPDFObjectHandle annot) {
  return annot.isDictionary() && annot.getKey("/Subtype").isNameAndEquals("/Widget");
}

bool hasWidgets(const std::vector<QPDFObjectHandle>& pages) {
  for (QPDFObjectHandle page : pages) {
    QPDFObjectHandle annots = page.getKey("/Annots");
    if (!annots.isArray()) continue;
    for (auto& annot : annots.aitems()) {
      if (isWidget(annot)) return true;
    }
  }
  return false;
}

// The appearance stream as a self-contained form XObject: typed, with the form's default
// resources (fonts of text fields often live only in /AcroForm /DR).
void prepareAppearance(QPDFObjectHandle appearance, QPDFObjectHandle default_resources) {
  QPDFObjectHandle dict = appearance.getDict();
  if (!dict.getKey("/Subtype").isName())
    dict.replaceKey("/Subtype", QPDFObjectHandle::newName("/Form"));
  if (!default_resources.isDictionary()) return;
  QPDFObjectHandle resources = dict.getKey("/Resources");
  if (!resources.isDictionary()) {
    resources = QPDFObjectHandle::newDictionary();
  } else if (resources.isIndirect()) {
    resources = resources.shallowCopy();
  }
  dict.replaceKey("/Resources", resources);
  resources.mergeResources(default_resources);
}

class PageFlattener {
 public:
  PageFlattener(QPDF& pdf, QPDFObjectHandle page, QPDFObjectHandle default_resources,
                ActiveContentScanner& scanner, std::string where)
      : pdf_(pdf),
        page_(page),
        default_resources_(default_resources),
        scanner_(scanner),
        where_(std::move(where)) {}

  Status run() {
    QPDFObjectHandle annots = page_.getKey("/Annots");
    if (!annots.isArray()) return Status::ok();
    QPDFObjectHandle kept = QPDFObjectHandle::newArray();
    bool any = false;
    for (auto& annot : annots.aitems()) {
      if (!isWidget(annot)) {
        kept.appendItem(annot);
        continue;
      }
      any = true;
      SANSO_RETURN_IF_ERROR(flatten(annot));
    }
    if (!any) return Status::ok();
    page_.replaceKey("/Annots", kept);
    if (!content_.empty()) {
      QPDFPageObjectHelper helper(page_);
      helper.addPageContents(pdf_.newStream("q\n"), true);
      helper.addPageContents(pdf_.newStream("\nQ\n" + content_), false);
    }
    return Status::ok();
  }

 private:
  Status flatten(QPDFObjectHandle widget) {
    SANSO_RETURN_IF_ERROR(scanner_.report(widget.getKey("/A"), where_));
    SANSO_RETURN_IF_ERROR(scanner_.dropKey(widget, "/AA", where_, "annotation"));
    QPDFAnnotationObjectHelper helper(widget);
    QPDFObjectHandle appearance = helper.getAppearanceStream("/N");
    std::string drawn;
    if (appearance.isStream()) {
      prepareAppearance(appearance, default_resources_);
      std::string name = resources().getUniqueResourceName("/SansoFx", next_suffix_);
      drawn = helper.getPageContentForAppearance(name, rotation(), 0,
                                                 an_invisible | an_hidden | an_no_view);
      if (!drawn.empty()) xobjects().replaceKey(name, appearance);
    }
    if (drawn.empty()) {
      scanner_.log().removed("form-field", where_, "no visible appearance");
    } else {
      content_ += drawn;
      scanner_.log().add("converted", "form-field", where_, "flattened into page content");
    }
    return Status::ok();
  }

  QPDFObjectHandle resources() {
    QPDFObjectHandle resources = page_.getKey("/Resources");
    if (!resources.isDictionary()) {
      resources = QPDFObjectHandle::newDictionary();
      page_.replaceKey("/Resources", resources);
    }
    return resources;
  }

  QPDFObjectHandle xobjects() {
    QPDFObjectHandle xobjects = resources().getKey("/XObject");
    if (!xobjects.isDictionary()) {
      xobjects = QPDFObjectHandle::newDictionary();
      resources().replaceKey("/XObject", xobjects);
    }
    return xobjects;
  }

  int rotation() {
    QPDFObjectHandle rotate = page_.getKey("/Rotate");
    if (!rotate.isInteger()) return 0;
    return static_cast<int>((rotate.getIntValue() % 360 + 360) % 360);
  }

  QPDF& pdf_;
  QPDFObjectHandle page_;
  QPDFObjectHandle default_resources_;
  ActiveContentScanner& scanner_;
  std::string where_;
  std::string content_;
  int next_suffix_ = 1;
};

}  // namespace

Status flattenFormFields(QPDF& pdf, const std::vector<QPDFObjectHandle>& pages,
                         ActiveContentScanner& scanner, Budget& budget) {
  if (!hasWidgets(pages)) return Status::ok();
  QPDFAcroFormDocumentHelper forms(pdf);
  if (forms.getNeedAppearances()) {
    // qpdf's appearance generator covers text and choice fields; a failure leaves the fields
    // with whatever appearances they had.
    try {
      forms.generateAppearancesIfNeeded();
    } catch (const std::exception& e) {
      scanner.log().add("repaired", "form-field", "document",
                        std::string("appearance generation failed: ") + e.what());
    }
  }
  QPDFObjectHandle acroform = pdf.getRoot().getKey("/AcroForm");
  QPDFObjectHandle default_resources =
      acroform.isDictionary() ? acroform.getKey("/DR") : QPDFObjectHandle::newNull();
  for (size_t i = 0; i < pages.size(); ++i) {
    std::string where = "page " + std::to_string(i + 1);
    SANSO_RETURN_IF_ERROR(budget.checkTime(where));
    SANSO_RETURN_IF_ERROR(PageFlattener(pdf, pages[i], default_resources, scanner, where).run());
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
