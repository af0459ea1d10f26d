// Windows code pages of RTF text (\ansicpg, \fcharset, \cpg) decoded to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace sanso::sanitize::rtf {

// The code page Windows uses for a font's \fcharset; 0 for ANSI/DEFAULT/SYMBOL, which take
// the document's code page.
int codepageForCharset(int charset);

// Decodes `bytes` in Windows code page `codepage` (932, 936, 949, 950, 874, 1250-1258,
// 437, 850, 10000), appending UTF-8 to `out`; unknown code pages are read as 1252. Each
// byte sequence invalid in the code page becomes U+FFFD.
void decodeCodepage(std::string_view bytes, int codepage, std::string& out);

// True for code pages whose characters take one or two bytes.
bool isDoubleByte(int codepage);

}  // namespace sanso::sanitize::rtf
