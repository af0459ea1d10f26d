#include "ooxml/xml_util.h"

#include <gtest/gtest.h>

#include <vector>

namespace sanso::sanitize::ooxml {
namespace {

// Every element and attribute resolves through the walker's scopes exactly as through the
// climbing lookup, including redeclared, undeclared and bogus "xmlns"-like names.
TEST(NamespaceScopes, AgreeWithNamespaceOfEverywhere) {
  const char* xml =
      "<a:root xmlns:a='urn:a' xmlns='urn:default' xmlnsx='urn:not-a-declaration'>"
      "<child b:attr='1' xmlns:b='urn:b' plain='2'>"
      "<b:inner xmlns:b='urn:b2' xmlns='' a:x='3'><deep xml:lang='ja'/></b:inner>"
      "<c:undeclared/></child><a:sibling a:y='4'/></a:root>";
  pugi::xml_document doc;
  Limits limits;
  Budget budget(limits);
  ASSERT_TRUE(parseXml(xml, doc, budget, "t").isOk());

  NamespaceScopes scopes;
  std::vector<std::pair<pugi::xml_node, const NamespaceScopes::Scope*>> pending{
      {doc.document_element(), nullptr}};
  int elements = 0;
  while (!pending.empty()) {
    auto [node, parent] = pending.back();
    pending.pop_back();
    const NamespaceScopes::Scope* scope = scopes.enter(node, parent);
    ++elements;
    EXPECT_EQ(NamespaceScopes::elementNamespace(scope, node), namespaceOf(node)) << node.name();
    EXPECT_EQ(scopes.scopeOf(node) == nullptr, scope == nullptr);
    EXPECT_EQ(NamespaceScopes::elementNamespace(scopes.scopeOf(node), node), namespaceOf(node));
    for (pugi::xml_attribute a : node.attributes()) {
      EXPECT_EQ(NamespaceScopes::attributeNamespace(scope, a), namespaceOf(a, node)) << a.name();
    }
    for (pugi::xml_node c : node.children()) {
      if (c.type() == pugi::node_element) pending.push_back({c, scope});
    }
  }
  EXPECT_EQ(elements, 6);
  pugi::xml_node inner = doc.document_element().first_child().first_child();
  EXPECT_EQ(namespaceOf(inner), "urn:b2");
  EXPECT_EQ(namespaceOf(inner.first_child()), "");
  EXPECT_EQ(namespaceOf(inner.first_child().first_attribute(), inner.first_child()),
            "http://www.w3.org/XML/1998/namespace");
}

TEST(ParseXml, MergesTextAcrossCdataAndComments) {
  pugi::xml_document doc;
  Limits limits;
  Budget budget(limits);
  ASSERT_TRUE(parseXml("<r><t>DD<!-- x --><![CDATA[EA]]>UTO</t></r>", doc, budget, "t").isOk());
  pugi::xml_node t = doc.document_element().first_child();
  ASSERT_EQ(t.first_child(), t.last_child());
  EXPECT_EQ(t.first_child().type(), pugi::node_pcdata);
  EXPECT_STREQ(t.first_child().value(), "DDEAUTO");
}

TEST(ParseXml, RefusesDoctypeAndDepth) {
  Limits limits;
  limits.max_xml_depth = 3;
  {
    pugi::xml_document doc;
    Budget budget(limits);
    auto parsed = parseXml("<!DOCTYPE r [<!ENTITY e 'x'>]><r/>", doc, budget, "t");
    ASSERT_FALSE(parsed.isOk());
    EXPECT_EQ(parsed.status().reason(), "xml-doctype");
  }
  {
    pugi::xml_document doc;
    Budget budget(limits);
    auto parsed = parseXml("<a><b><c><d/></c></b></a>", doc, budget, "t");
    ASSERT_FALSE(parsed.isOk());
    EXPECT_EQ(parsed.status().reason(), "limit-xml-depth");
  }
  {
    pugi::xml_document doc;
    Budget budget(limits);
    EXPECT_TRUE(parseXml("<a><b><c/>text</b></a>", doc, budget, "t").isOk());
  }
}

// serializeUnlessSame() for `xml` parsed, against `source`.
std::optional<std::string> unlessSame(const std::string& xml, const std::string& source) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  return serializeUnlessSame(doc, source);
}

TEST(SerializeUnlessSame, AllowsOnlyTheLineBreakAfterTheStandardDeclaration) {
  const std::string head = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  const std::string xml = "<a><b x=\"1\">t</b></a>";
  const std::string ours = head + "\r\n" + xml;
  EXPECT_FALSE(unlessSame(xml, ours).has_value());
  EXPECT_FALSE(unlessSame(xml, head + "\n" + xml).has_value());
  for (const std::string& other :
       {head + xml, head + "\n<a><b x='1'>t</b></a>", head + "\n\n" + xml,
        "<?xml version=\"1.0\"?>\n" + xml, std::string(), head + "\r\n<a><b x=\"1\">t</b>",
        ours + "<!---->", head + "\r\n<a><b x=\"1\">u</b></a>", head + "\r\n"}) {
    auto serialized = unlessSame(xml, other);
    ASSERT_TRUE(serialized.has_value()) << other;
    EXPECT_EQ(*serialized, ours) << other;
  }
}

TEST(SerializeUnlessSame, GivesTheWholeSerializationWhereverTheDifferenceIs) {
  // Long enough for pugixml to hand its output over in several pieces.
  std::string xml = "<r>";
  for (int i = 0; i < 3000; ++i) xml += "<p n=\"" + std::to_string(i) + "\">text &amp; more</p>";
  xml += "</r>";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  const std::string ours = serializeXml(doc);
  EXPECT_FALSE(serializeUnlessSame(doc, ours).has_value());
  for (size_t at : {size_t{70}, ours.size() / 3, ours.size() / 2 + 7, ours.size() - 2}) {
    std::string changed = ours;
    changed[at] = changed[at] == 'x' ? 'y' : 'x';
    auto serialized = serializeUnlessSame(doc, changed);
    ASSERT_TRUE(serialized.has_value()) << at;
    EXPECT_EQ(*serialized, ours) << at;
  }
  auto shorter = serializeUnlessSame(doc, ours.substr(0, ours.size() - 100));
  ASSERT_TRUE(shorter.has_value());
  EXPECT_EQ(*shorter, ours);
}

}  // namespace
}  // namespace sanso::sanitize::ooxml
