// Detection of mail files (RFC 5322 messages) by their header block.
#pragma once

#include "sanso/common/bytes.h"

namespace sanso::sanitize::mime {

// True when `data` opens with an RFC 5322 header block: every line up to the first blank line
// (or the end of the first 64 KiB) is a well-formed header field or its continuation, and at
// least two distinct fields are among From, To, Subject, Date, Message-ID, MIME-Version,
// Received and Return-Path. Plain text and CSV do not pass (no "Name: value" lines).
bool looksLikeMessage(ByteView data);

}  // namespace sanso::sanitize::mime
