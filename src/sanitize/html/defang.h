// Defanged URLs: a URL written as text that no mail client, viewer or chat tool turns back
// into a link ("hxxps://example[.]jp/path"), for text renderings and reports. Shared by the
// HTML text method and the mail filter.
#pragma once

#include <string>
#include <string_view>

namespace sanso::sanitize::html {

// `url` with controls and spaces removed, the scheme defanged (http -> hxxp, https -> hxxps,
// ftp -> fxp, others keep their name with ":" written "[:]"), every "." of the host written
// "[.]" and "@" written "[@]". At most 512 bytes of the result are kept (then "...").
std::string defangUrl(std::string_view url);

}  // namespace sanso::sanitize::html
