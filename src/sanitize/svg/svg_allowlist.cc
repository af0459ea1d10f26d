#include "svg/svg_allowlist.h"

#include <algorithm>
#include <initializer_list>

namespace sanso::sanitize::svg {
namespace {

bool in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

SvgElementRule svgElementRule(std::string_view name) {
  if (in(name, {"svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "path", "rect",
                "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
                "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath",
                "mask", "marker", "image", "style", "filter", "feBlend", "feColorMatrix",
                "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
                "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
                "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
                "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
                "feSpotLight", "feTile", "feTurbulence"})) {
    return SvgElementRule::kKeep;
  }
  if (name == "a") return SvgElementRule::kUnwrap;
  // script, foreignObject, animate, animateMotion, animateTransform, set, discard, feImage,
  // metadata, cursor, font, font-face, view, iframe, video, audio, handler, listener...
  return SvgElementRule::kDrop;
}

bool keepsText(std::string_view name) {
  return in(name, {"text", "tspan", "textPath", "title", "desc"});
}

bool plainSvgAttribute(std::string_view name) {
  return in(name,
            {"id", "class", "x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "x1", "y1",
             "x2", "y2", "d", "points", "viewBox", "preserveAspectRatio", "transform", "dx",
             "dy", "rotate", "textLength", "lengthAdjust", "gradientUnits", "gradientTransform",
             "spreadMethod", "offset", "fx", "fy", "fr", "patternUnits", "patternContentUnits",
             "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
             "markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
             "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode",
             "operator", "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope",
             "intercept", "amplitude", "exponent", "scale", "xChannelSelector",
             "yChannelSelector", "baseFrequency", "numOctaves", "seed", "stitchTiles",
             "radius", "kernelMatrix", "order", "divisor", "bias", "targetX", "targetY",
             "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale",
             "diffuseConstant", "specularConstant", "specularExponent", "azimuth",
             "elevation", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "z",
             "startOffset", "method", "spacing", "side", "version", "pathLength"});
}

bool presentationAttribute(std::string_view name) {
  return in(name,
            {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
             "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
             "stroke-dashoffset", "stop-color", "stop-opacity", "clip-path", "clip-rule",
             "mask", "filter", "marker-start", "marker-mid", "marker-end", "text-anchor",
             "dominant-baseline", "alignment-baseline", "baseline-shift", "flood-color",
             "flood-opacity", "lighting-color", "color-interpolation",
             "color-interpolation-filters", "paint-order", "shape-rendering", "text-rendering",
             "image-rendering", "writing-mode", "vector-effect", "opacity", "color", "display",
             "visibility", "overflow", "font-family", "font-size", "font-style", "font-weight",
             "font-variant", "font-stretch", "letter-spacing", "word-spacing",
             "text-decoration", "direction"});
}

bool takesLocalHref(std::string_view name) {
  return in(name, {"use", "textPath", "linearGradient", "radialGradient", "pattern", "filter"});
}

}  // namespace sanso::sanitize::svg
