#include "block_page.h"

namespace sanso::icap {
namespace {

std::string escapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "<br>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string blockPage(const std::string& name, const std::string& reason, const std::string& slug) {
  return "<!DOCTYPE html>\n<html lang=\"ja\">\n<head><meta charset=\"utf-8\">"
         "<title>ダウンロードを止めました</title></head>\n<body>\n"
         "<h1>このファイルはダウンロードできません</h1>\n"
         "<p>ファイル名: <strong>" +
         escapeHtml(name) +
         "</strong></p>\n"
         "<p>理由: " +
         escapeHtml(reason) +
         "</p>\n"
         "<p>"
         "業務に必要なファイルであれば、情報セキュリティ管理者（情報政策課）に相談してください。</"
         "p>\n"
         "<p><small>sanso 無害化 (" +
         escapeHtml(slug) +
         ")</small></p>\n"
         "</body>\n</html>\n";
}

std::string reasonText(const std::string& slug, const std::string& detail) {
  if (slug == "too-large") {
    return "ファイルが大きすぎるため、無害化できません（上限 " + detail + "）。";
  }
  if (slug == "content-encoding") {
    return "圧縮された転送（Content-Encoding: " + detail + "）のため、中身を検査できません。";
  }
  if (slug == "partial-content") {
    return "ファイルの一部だけの転送（分割ダウンロード）は、無害化できません。";
  }
  if (slug == "early-type-unknown") {
    return "ファイルの先頭から種類を判定できず、無害化後の形式を決められないため、"
           "ダウンロードできません。";
  }
  return "このファイルは無害化できません（" + slug + "）。";
}

}  // namespace sanso::icap
