// Reference bombs in a sanitized SVG: <use> (and href templates, url(#id) paints, clips,
// masks, filters, markers) instantiate their target again, so a few hundred bytes of nested
// references make a renderer draw billions of elements (librsvg #323/#515; MuPDF only bounds
// the depth of <use>, not its fan-out).
#pragma once

#include <pugixml.hpp>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::svg {

// Counts the elements a renderer instantiates for the sanitized tree `svg` (each element once,
// plus, for every local reference it holds in xlink:href or a url(#id) attribute or style
// value, the instances of its target). Blocks "svg-reference-loop" when a reference leads back
// to itself, "limit-markup-nodes" past Limits::max_markup_nodes instances and
// "limit-xml-depth" when references nest deeper than twice Limits::max_xml_depth.
// References from <style> sheets are not followed.
Status checkReferences(pugi::xml_node svg, Budget& budget);

}  // namespace sanso::sanitize::svg
