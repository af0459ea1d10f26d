// Names of archive members: decoding to UTF-8 and the rules a name must pass before it is
// written into an output archive (where Windows Explorer and other unzippers will use it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::sanitize::archive {

// Decodes a member name from the archive's bytes: valid UTF-8 is taken as it is, otherwise
// the bytes must decode strictly as Shift_JIS/CP932 (names written by Japanese Windows without
// the UTF-8 flag). nullopt when neither fits.
std::optional<std::string> decodeName(std::string_view raw);

// Blocks with "archive-unsafe-name" (message says why) unless `name` is a plain relative path
// that every extractor treats the same: no "."/".." or empty segments, no leading "/", drive
// letter, UNC or backslash, no control, bidi-override or Windows-reserved characters, no
// reserved device names (CON, NUL, COM1...), no segment ending in a dot or space.
Status checkName(std::string_view name);

// True when the last extension of `name` (what Windows runs it by) is an executable, script,
// shortcut or disk-image type: exe, scr, js, vbs, hta, lnk, iso, img, vhd, one, chm, ps1, bat,
// cmd, msi and their relatives.
bool isExecutableName(std::string_view name);

// The key two names collide on when extracted on Windows: case-folded.
std::string collisionKey(std::string_view name);

}  // namespace sanso::sanitize::archive
