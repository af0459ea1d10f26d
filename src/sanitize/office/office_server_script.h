// The Python program that drives LibreOffice inside the sandbox (python3-uno).
#pragma once

namespace sanso::sanitize::office {

// Source of the helper run as `python3 -I -c SCRIPT` inside the sandbox. It starts
// soffice.bin with a fresh profile in the sandbox's /tmp (macros never run, no recovery, no
// link updates, no history), prints "READY", then serves requests on stdin:
//   "CONVERT\t<import filter>\t<export filter>\t<byte count>\n" + bytes
// answering "OK <byte count>\n" + bytes, or "ERR <message>\n". Files live only in its /tmp.
const char* officeServerScript();

}  // namespace sanso::sanitize::office
