#include "rtf/control_words.h"

#include <string>
#include <unordered_map>

namespace sanso::sanitize::rtf {
namespace {

// Formatting words (RTF 1.9.1): characters, paragraphs, tabs, borders, shading, sections,
// document layout, tables, lists, styles, fonts, colours, revisions, bookmarks, footnotes.
constexpr std::string_view kFormat =
    // character
    "b i ul ulnone uld uldash uldashd uldashdd uldb ulth ulw ulwave ulhwave ululdbwave ulthd "
    "ulthdash ulthdashd ulthdashdd ulldash ulthldash ulc strike striked caps scaps v outl shad "
    "embo impr sub super nosupersub up dn fs cf cb highlight chcbpat chcfpat chshdng chbrdr "
    "expnd expndtw kerning charscalex lang langfe langnp langfenp noproof cs ltrch rtlch loch "
    "hich dbch fcs afs ab ai aul acf alang af cgrid g webhidden deleted revised revauth revdttm "
    "revauthdel revdttmdel crauth crdate insrsid charrsid delrsid pararsid sectrsid tblrsid "
    "styrsid rsid rsidroot plain fittext horzvert twoinone ulnone nosectexpand "
    "chbghoriz chbgvert chbgfdiag chbgbdiag chbgcross chbgdcross chbgdkhoriz chbgdkvert "
    "chbgdkfdiag chbgdkbdiag chbgdkcross chbgdkdcross accnone accdot acccomma acccircle "
    "accunderdot "
    // paragraph
    "pard s ql qr qc qj qd qk qt fi li ri lin rin sb sa sbauto saauto sl slmult keep keepn "
    "widctlpar nowidctlpar pagebb hyphpar nohyphpar intbl itap outlinelevel contextualspacing "
    "adjustright aspalpha aspnum faauto fahang facenter faroman favar fafixed nosnaplinegrid "
    "noline level ls ilvl ltrpar rtlpar nooverflow nocwrap nowwrap noextrasprl sbys "
    "tx tqr tqc tqdec tb tldot tlhyph tlul tlth tleq tlmdot "
    "brdrt brdrb brdrl brdrr brdrbtw brdrbar box brdrs brdrth brdrsh brdrdb brdrdot brdrdash "
    "brdrhair brdrw brdrcf brsp brdrnone brdrtriple brdrdashsm brdrdashd brdrdashdd brdrinset "
    "brdroutset brdrwavy brdrwavydb brdrnil brdrtbl brdrtnthsg brdrthtnsg brdrtnthtnsg "
    "brdrtnthmg brdrthtnmg brdrtnthtnmg brdrtnthlg brdrthtnlg brdrtnthtnlg brdrengrave "
    "brdremboss brdrdashdotstr brdrframe "
    "shading cfpat cbpat bghoriz bgvert bgfdiag bgbdiag bgcross bgdcross bgdkhoriz bgdkvert "
    "bgdkfdiag bgdkbdiag bgdkcross bgdkdcross "
    "absw absh phmrg phpg phcol posx posxc posxi posxo posxr posxl pvmrg pvpg pvpara posy "
    "posyil posyin posyt posyc posyb posyout dxfrtext dfrmtxtx dfrmtxty wraparound wrapdefault "
    "overlay absnoovrlp frmtxlrtb frmtxtbrl "
    // section and document
    "sectd sbknone sbkcol sbkpage sbkeven sbkodd cols colsx colno colw colsr linebetcol "
    "pgwsxn pghsxn marglsxn margrsxn margtsxn margbsxn guttersxn headery footery pgnstarts "
    "pgnrestart pgncont pgndec pgnucrm pgnlcrm pgnucltr pgnlcltr pgnx pgny lndscpsxn titlepg "
    "endnhere vertalt vertalc vertalb vertalj sectdefaultcl sectunlocked ltrsect rtlsect "
    "linex linemod linestarts linerestart lineppage linecont sectlinegrid sectspecifycl "
    "sectspecifyl pgbrdrhead pgbrdrfoot pgbrdrt pgbrdrb pgbrdrl pgbrdrr "
    "pgbrdropt pgbrdrsnap ansi mac pc pca ansicpg deflang deflangfe adeflang adeff stshfdbch "
    "stshfloch stshfhich stshfbi paperw paperh margl margr margt margb gutter landscape "
    "facingp margmirror deftab widowctrl ftnbj aenddoc aendnotes ftnnar aftnnar aftnnrlc "
    "ftnrstcont aftnrstcont ftnrestart aftnrestart ftnstart aftnstart endnotes enddoc ftntj "
    "ftnnrlc ftnnalc ftnnauc ftnnruc ftnnchi aftnnalc aftnnauc aftnnruc aftnnchi "
    "viewkind viewscale viewzk fet formshade horzdoc vertdoc dghspace dgvspace dghorigin "
    "dgvorigin dghshow dgvshow dgmargin jcompress jexpand lytexcttp lytprtmet htmautsp "
    "noxlattoyen expshrtn noultrlspc dntblnsbdb nospaceforul hyphhotz hyphauto hyphcaps "
    "hyphconsec doctemp ltrdoc rtldoc gutterprl bdrrlswsix nolnhtadjtbl truncsp "
    "splytwnine ftnlytwnine useltbaln alntblind lytcalctblwd lyttblrtgr lnbrkrule nobrkwrptbl "
    "snaptogridincell allowfieldendsel wrppunct asianbrkrule newtblstyruls nogrowautofit "
    "usenormstyforlist noindnmbrts felnbrelev nocxsptable indrlsweleven noafcnsttbl afelev "
    "utinl hwelev spltpgpar notcvasp notbrkcnstfrctbl notvatxbx krnprsnet cachedcolbal "
    "validatexml showplaceholdtext ignoremixedcontent saveinvalidxml showxmlerrors "
    "sprstsp sprsspbf otblrul transmf swpbdr brkfrm sprslnsp subfontbysize truncatefontheight "
    "noextrasprl prcolbl cvmme nojkernpunct donotembedsysfont donotembedlingdata "
    "trackmoves trackformatting defformat psz ilfomacatclnup nouicompat nofeaturethrottle "
    "themelang themelangfe themelangcs rsidroot ptrackmoves "
    // tables
    "trowd irow irowband ts trgaph trleft trqc trql trqr trrh trhdr trkeep trkeepfollow "
    "trbrdrt trbrdrl trbrdrb trbrdrr trbrdrh trbrdrv trftsWidth trwWidth trftsWidthB trwWidthB "
    "trftsWidthA trwWidthA trautofit trpaddl trpaddr trpaddt trpaddb trpaddfl trpaddfr "
    "trpaddft trpaddfb trspdl trspdr trspdt trspdb trspdfl trspdfr trspdft trspdfb tblind "
    "tblindtype tbllkhdrrows tbllklastrow tbllkhdrcols tbllklastcol tbllknocolband "
    "tbllknorowband tbllkborder tbllkshading tbllkfont tbllkcolor tbllkbestfit rtlrow ltrrow "
    "taprtl trcbpat trcfpat trshdng trbgbdiag trbgcross trbgdcross trbgfdiag trbghoriz "
    "trbgvert tabsnoovrlp tdfrmtxtLeft tdfrmtxtRight tdfrmtxtTop tdfrmtxtBottom tphmrg tphpg "
    "tphcol tposx tposxc tposxi tposxo tposxl tposxr tpvmrg tpvpg tpvpara tposy tposyb "
    "tposyc tposyil tposyin tposyout tposyt lastrow "
    "clvertalt clvertalc clvertalb clbrdrt clbrdrl clbrdrb clbrdrr cellx clwWidth clftsWidth "
    "clmgf clmrg clvmgf clvmrg clshdng clcbpat clcfpat cltxlrtb cltxtbrl cltxbtlr cltxlrtbv "
    "cltxtbrlv clpadl clpadr clpadt clpadb clpadfl clpadfr clpadft clpadfb clspl clspr clspt "
    "clspb clspfl clspfr clspft clspfb clNoWrap clhidemark clFitText clbghoriz clbgvert "
    "clbgfdiag clbgbdiag clbgcross clbgdcross clbgdkhor clbgdkvert clbgdkfdiag clbgdkbdiag "
    "clbgdkcross clbgdkdcross cldglu cldgll tscellwidth tscellwidthfts tsvertalt tsvertalc "
    "tsvertalb tsbrdrt tsbrdrb tsbrdrl tsbrdrr tsbrdrh tsbrdrv tsbrdrdgl tsbrdrdgr tscbandsh "
    "tscbandsv tsrowd tscellpaddl tscellpaddr tscellpaddt tscellpaddb tscellpaddfl "
    "tscellpaddfr tscellpaddft tscellpaddfb tsnowrap tscellcbpat tscellcfpat "
    // lists
    "listid listtemplateid listsimple listhybrid listrestarthdn levelnfc levelnfcn leveljc "
    "leveljcn levelstartat levelfollow levelspace levelindent levellegal levelnorestart "
    "levelold levelprev levelprevspace levelpicture levelpicturenosize lvltentative "
    "listoverridecount listoverridestartat listoverrideformat pnlvl pnlvlblt pnlvlbody "
    "pnlvlcont pnf pnfs pnindent pnstart pnhang pndec pnucltr pnlcltr pnucrm pnlcrm pnord "
    "pnordt pncard pnqc pnql pnqr pnsp pnb pni pncf pnul pnuld pnuldb pnulnone pnulw pnrestart "
    "pnprev pnnumonce pnacross pnrnot "
    // styles
    "sbasedon snext slink sqformat spriority ssemihidden sunhideused slocked sautoupd shidden "
    "additive lsdlockeddef lsdsemihiddendef lsdunhideuseddef lsdqformatdef lsdprioritydef "
    "lsdstimax "
    // fonts and colours
    "fnil froman fswiss fmodern fscript fdecor ftech fbidi fprq fbias flomajor fhimajor "
    "fdbmajor fbimajor flominor fhiminor fdbminor fbiminor red green blue ctint cshade "
    "cmaindarkone cmainlightone cmaindarktwo cmainlighttwo caccentone caccenttwo "
    "caccentthree caccentfour caccentfive caccentsix chyperlink cfollowedhyperlink "
    "cbackgroundone ctextone cbackgroundtwo ctexttwo "
    // fields, bookmarks, footnotes, automatic text
    "flddirty fldedit fldlock fldpriv bkmkcolf bkmkcoll ftnalt chftn chftnsep chftnsepc "
    "chatn chdate chdpl chdpa chtime chpgn sectnum "
    // pictures (only read inside \pict)
    "picw pich picwgoal pichgoal picscalex picscaley piccropl piccropr piccropt piccropb "
    // information group values
    "yr mo dy hr min sec version vern edmins nofpages nofwords nofchars nofcharsws id";

// Words that break text: their extracted-text form follows the name.
struct Break {
  std::string_view name;
  std::string_view text;
};
constexpr Break kBreaks[] = {
    {"par", "\n"},  {"line", "\n"},  {"tab", "\t"},  {"page", "\n"}, {"sect", "\n"},
    {"column", "\n"}, {"cell", "\t"}, {"row", "\n"}, {"nestcell", "\t"}, {"nestrow", "\n"},
    {"softline", "\n"}, {"lbr", ""},
};

struct Char {
  std::string_view name;
  char32_t character;
};
constexpr Char kChars[] = {
    {"emdash", 0x2014}, {"endash", 0x2013}, {"emspace", 0x2003}, {"enspace", 0x2002},
    {"qmspace", 0x2005}, {"bullet", 0x2022}, {"lquote", 0x2018}, {"rquote", 0x2019},
    {"ldblquote", 0x201C}, {"rdblquote", 0x201D}, {"zwj", 0x200D}, {"zwnj", 0x200C},
    {"ltrmark", 0x200E}, {"rtlmark", 0x200F}, {"zwbo", 0x200B}, {"zwnbo", 0xFEFF},
};

struct Dest {
  std::string_view name;
  DestKind dest;
};
constexpr Dest kDestinations[] = {
    {"header", DestKind::kContent}, {"headerl", DestKind::kContent},
    {"headerr", DestKind::kContent}, {"headerf", DestKind::kContent},
    {"footer", DestKind::kContent}, {"footerl", DestKind::kContent},
    {"footerr", DestKind::kContent}, {"footerf", DestKind::kContent},
    {"footnote", DestKind::kContent}, {"annotation", DestKind::kContent},
    {"listtext", DestKind::kContent}, {"pntext", DestKind::kContent},
    {"shppict", DestKind::kContent}, {"ftnsep", DestKind::kContent},
    {"ftnsepc", DestKind::kContent}, {"ftncn", DestKind::kContent},
    {"aftnsep", DestKind::kContent}, {"aftnsepc", DestKind::kContent},
    {"aftncn", DestKind::kContent},
    {"fonttbl", DestKind::kTable}, {"falt", DestKind::kTable}, {"panose", DestKind::kTable},
    {"colortbl", DestKind::kTable}, {"stylesheet", DestKind::kTable},
    {"defchp", DestKind::kTable}, {"defpap", DestKind::kTable}, {"ds", DestKind::kTable},
    {"listtable", DestKind::kTable}, {"list", DestKind::kTable},
    {"listlevel", DestKind::kTable}, {"leveltext", DestKind::kTable},
    {"levelnumbers", DestKind::kTable}, {"listname", DestKind::kTable},
    {"liststylename", DestKind::kTable}, {"listpicture", DestKind::kTable},
    {"listoverridetable", DestKind::kTable}, {"listoverride", DestKind::kTable},
    {"lfolevel", DestKind::kTable}, {"pn", DestKind::kTable}, {"pntxta", DestKind::kTable},
    {"pntxtb", DestKind::kTable}, {"pnseclvl", DestKind::kTable},
    {"bkmkstart", DestKind::kTable}, {"bkmkend", DestKind::kTable},
    {"atnid", DestKind::kTable}, {"atnauthor", DestKind::kPersonal},
    {"atndate", DestKind::kTable}, {"atnref", DestKind::kTable},
    {"atnparent", DestKind::kTable}, {"atrfstart", DestKind::kTable},
    {"atrfend", DestKind::kTable}, {"rsidtbl", DestKind::kTable},
    {"info", DestKind::kInfo}, {"title", DestKind::kMetaKeep}, {"subject", DestKind::kMetaKeep},
    {"creatim", DestKind::kMetaKeep}, {"revtim", DestKind::kMetaKeep},
    {"author", DestKind::kPersonal}, {"operator", DestKind::kPersonal},
    {"keywords", DestKind::kPersonal}, {"comment", DestKind::kPersonal},
    {"doccomm", DestKind::kPersonal}, {"company", DestKind::kPersonal},
    {"manager", DestKind::kPersonal}, {"category", DestKind::kPersonal},
    {"printim", DestKind::kPersonal}, {"buptim", DestKind::kPersonal},
    {"field", DestKind::kField}, {"fldinst", DestKind::kFieldInst},
    {"fldrslt", DestKind::kFieldResult}, {"pict", DestKind::kPicture},
    // {\upr{ANSI text}{\*\ud{Unicode text}}}: the ANSI text is kept, its duplicate dropped.
    {"upr", DestKind::kTransparent},
};

// Destinations dropped with their group, and the report slug of each.
struct Drop {
  std::string_view name;
  std::string_view slug;
};
constexpr Drop kDrops[] = {
    {"object", "ole-object"}, {"objdata", "ole-object"}, {"objclass", "ole-object"},
    {"objname", "ole-object"}, {"objalias", "ole-object"}, {"objsect", "ole-object"},
    {"objtime", "ole-object"}, {"oleclsid", "ole-object"}, {"result", "ole-object"},
    {"datastore", "datastore"}, {"template", "template"}, {"xmlnstbl", "xml-namespaces"},
    {"generator", "generator"}, {"themedata", "theme-data"},
    {"colorschememapping", "theme-data"}, {"latentstyles", "latent-styles"},
    {"mmathPr", "math-properties"}, {"wgrffmtfilter", "style-filter"},
    {"userprops", "custom-properties"}, {"docvar", "document-variable"},
    {"mailmerge", "mail-merge"}, {"fontemb", "embedded-font"}, {"fontfile", "embedded-font"},
    {"formfield", "form-field-data"}, {"datafield", "form-field-data"},
    {"shp", "shape"}, {"shpgrp", "shape"}, {"shpinst", "shape"}, {"shprslt", "shape"},
    {"do", "drawing-object"}, {"nonshppict", "picture"}, {"hlinkbase", "hyperlink-base"},
    {"htmltag", "html-tag"}, {"mhtmltag", "html-tag"}, {"xmlopen", "custom-xml"},
    {"xmlclose", "custom-xml"}, {"xmlattrname", "custom-xml"}, {"xmlattrvalue", "custom-xml"},
    {"xmlname", "custom-xml"}, {"password", "password"}, {"passwordhash", "password"},
    {"protusertbl", "protection"}, {"writereservation", "protection"},
    {"writereservhash", "protection"}, {"revtbl", "revision-authors"},
    {"factoidname", "smart-tag"}, {"keycode", "shortcut-key"}, {"pgdsctbl", "page-styles"},
    {"ud", "unicode-duplicate"}, {"nonesttables", "fallback-text"},
    {"file", "file-table"}, {"filetbl", "file-table"}, {"pgptbl", "paragraph-groups"},
    {"pgp", "paragraph-groups"}, {"txe", "index-entry"}, {"rxe", "index-entry"},
    {"xe", "index-entry"}, {"tc", "toc-entry"}, {"tcn", "toc-entry"},
    {"ebcstart", "smart-tag"}, {"ebcend", "smart-tag"}, {"windowcaption", "window-caption"},
    {"moMath", "math"}, {"moMathPara", "math"}, {"blipuid", "picture-id"},
    {"picprop", "picture-properties"}, {"bliptag", "picture-id"}, {"background", "shape"},
    {"gridtbl", "grid-table"}, {"oldcprops", "revision"}, {"oldpprops", "revision"},
    {"oldsprops", "revision"}, {"oldtprops", "revision"}, {"oldas", "revision"},
    {"ffdeftext", "form-field-data"}, {"ffentrymcr", "form-field-macro"},
    {"ffexitmcr", "form-field-macro"}, {"fname", "file-table"}, {"linkval", "link"},
    {"propname", "custom-properties"}, {"staticval", "custom-properties"},
    {"sp", "shape"}, {"sn", "shape"}, {"sv", "shape"}, {"dptxbxtext", "drawing-object"},
    {"hl", "hyperlink-data"}, {"hlfr", "hyperlink-data"}, {"hlloc", "hyperlink-data"},
    {"hlsrc", "hyperlink-data"}, {"hsv", "hyperlink-data"}, {"svb", "shape"},
    {"lchars", "line-break-chars"}, {"fchars", "line-break-chars"},
    {"listtemplate", "list-template"}, {"private", "private-data"}, {"pxe", "index-entry"},
    {"macc", "math"},
};

// Words the reader handles itself.
constexpr std::string_view kSpecial =
    "rtf u uc bin f deff fcharset cpg pngblip jpegblip emfblip wmetafile macpict pmmetafile "
    "dibitmap wbitmap wbmbitspixel wbmplanes wbmwidthbytes";

using Table = std::unordered_map<std::string, WordInfo>;

void addNames(Table& table, std::string_view names, const WordInfo& info) {
  size_t pos = 0;
  while (pos < names.size()) {
    size_t end = names.find(' ', pos);
    if (end == std::string_view::npos) end = names.size();
    if (end > pos) table.emplace(std::string(names.substr(pos, end - pos)), info);
    pos = end + 1;
  }
}

WordInfo info(WordKind kind, DestKind dest = DestKind::kNone, char32_t character = 0,
              std::string_view slug = {}, std::string_view text = {}) {
  return WordInfo{kind, dest, character, slug, text};
}

Table buildTable() {
  Table table;
  addNames(table, kSpecial, info(WordKind::kSpecial));
  for (const auto& d : kDestinations) {
    table.emplace(std::string(d.name), info(WordKind::kDestination, d.dest));
  }
  for (const auto& d : kDrops) {
    table.emplace(std::string(d.name), info(WordKind::kDrop, DestKind::kNone, 0, d.slug));
  }
  for (const auto& b : kBreaks) {
    table.emplace(std::string(b.name), info(WordKind::kBreak, DestKind::kNone, 0, {}, b.text));
  }
  for (const auto& c : kChars) {
    table.emplace(std::string(c.name), info(WordKind::kChar, DestKind::kNone, c.character));
  }
  addNames(table, kFormat, info(WordKind::kFormat));
  return table;
}

}  // namespace

const WordInfo* lookupWord(std::string_view name) {
  static const Table kTable = buildTable();
  auto it = kTable.find(std::string(name));
  return it == kTable.end() ? nullptr : &it->second;
}

}  // namespace sanso::sanitize::rtf
