"""Being found in every language: the sitemap, robots.txt and Open Graph locales.

``output/sitemap.xml`` lists every page with its ``xhtml:link`` alternates in
the form search engines document for multilingual sites; ``robots.txt`` points
at it and keeps build space out of search results. ``og:locale`` values come
from the project's own table of the locales Facebook accepts, not from locale
data that changes with Babel's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from .languages import Language

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


# XML escaping by hand: xml.sax.saxutils imports urllib.request (http.client, ssl, email), ~50 ms of every build.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    """``text`` as XML character data."""
    return text.translate(_TEXT)


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value."""
    return f'"{value.translate(_ATTRIBUTE)}"'


@dataclass(frozen=True)
class Alternate:
    """One language version of a page, as ``<link rel="alternate" hreflang>`` names it."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    alternates: list[Alternate]
    modified: date | None = None


def sitemap_xml(entries: list[SitemapEntry]) -> bytes:
    """The sitemap, in the form search engines document for alternate language pages.

    Written as text (with XML escaping): a site in many languages has tens of
    thousands of links here, and building an element tree for them is slow.
    """
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML_NAMESPACE}">',
    ]
    written: dict[int, str] = {}  # the pages of one document share their list of alternates: write it once
    for entry in entries:
        lines.append(" <url>")
        lines.append(f"  <loc>{escape(entry.url)}</loc>")
        if entry.modified is not None:
            lines.append(f"  <lastmod>{entry.modified.isoformat()}</lastmod>")
        links = written.get(id(entry.alternates))
        if links is None:
            links = written[id(entry.alternates)] = "\n".join(
                f'  <xhtml:link rel="alternate" hreflang={quoteattr(item.hreflang)} href={quoteattr(item.url)} />'
                for item in entry.alternates
            )
        lines.append(links)
        lines.append(" </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(base_url: str) -> bytes:
    """Keep crawlers out of build space, wherever on its server the site is published."""
    return f"User-agent: *\nDisallow: {urlsplit(base_url).path}.build/\nSitemap: {base_url}sitemap.xml\n".encode()


# The locales Open Graph's main consumer, Facebook, accepts for og:locale (its list of supported
# locales, FacebookLocales.xml, as documented for its sharing debugger): ISO 639 language -> its
# locales there, the one for the language as a whole first. Facebook writes a few languages with
# codes of its own: Sorani Kurdish (ckb) is cb_IQ, Filipino (fil, tl) tl_PH, Arabic has only ar_AR.
# Left out: its pseudo-locales (en_PI, en_UD, fb_LT) and ja_KS, hi_FB, qz_MM.
_OPEN_GRAPH: dict[str, tuple[str, ...]] = {
    "af": ("af_ZA",), "ak": ("ak_GH",), "am": ("am_ET",), "ar": ("ar_AR",), "as": ("as_IN",), "ay": ("ay_BO",),
    "az": ("az_AZ",), "bar": ("bv_DE",), "be": ("be_BY",), "bem": ("em_ZM",), "bg": ("bg_BG",), "bho": ("bp_IN",),
    "bn": ("bn_IN",), "br": ("br_FR",), "bs": ("bs_BA",), "ca": ("ca_ES",), "ceb": ("cx_PH",), "chr": ("ck_US",),
    "ckb": ("cb_IQ",), "co": ("co_FR",), "cs": ("cs_CZ",), "cy": ("cy_GB",), "da": ("da_DK",), "de": ("de_DE",),
    "dsb": ("qs_DE",), "el": ("el_GR",), "en": ("en_US", "en_GB", "en_IN"), "eo": ("eo_EO",),
    "es": ("es_ES", "es_LA", "es_CL", "es_CO", "es_MX", "es_VE"), "esu": ("qe_US",), "et": ("et_EE",),
    "eu": ("eu_ES",), "fa": ("fa_IR",), "ff": ("ff_NG",), "fi": ("fi_FI",), "fil": ("tl_PH",), "fo": ("fo_FO",),
    "fr": ("fr_FR", "fr_CA"), "fy": ("fy_NL",), "ga": ("ga_IE",), "gl": ("gl_ES",), "gn": ("gn_PY",),
    "grc": ("gx_GR",), "gu": ("gu_IN",), "ha": ("ha_NG",), "he": ("he_IL",), "hi": ("hi_IN",), "hr": ("hr_HR",),
    "hsb": ("qb_DE",), "ht": ("ht_HT",), "hu": ("hu_HU",), "hy": ("hy_AM",), "id": ("id_ID",), "ig": ("ig_NG",),
    "ik": ("ik_US",), "is": ("is_IS",), "it": ("it_IT",), "iu": ("iu_CA",), "ja": ("ja_JP",), "jv": ("jv_ID",),
    "ka": ("ka_GE",), "kab": ("qk_DZ",), "kk": ("kk_KZ",), "km": ("km_KH",), "kn": ("kn_IN",), "ko": ("ko_KR",),
    "ks": ("ks_IN",), "ku": ("ku_TR",), "ky": ("ky_KG",), "la": ("la_VA",), "lg": ("lg_UG",), "li": ("li_NL",),
    "ln": ("ln_CD",), "lo": ("lo_LA",), "lt": ("lt_LT",), "lv": ("lv_LV",), "mg": ("mg_MG",), "mi": ("mi_NZ",),
    "mk": ("mk_MK",), "ml": ("ml_IN",), "mn": ("mn_MN",), "mr": ("mr_IN",), "ms": ("ms_MY",), "mt": ("mt_MT",),
    "my": ("my_MM",), "nb": ("nb_NO",), "nd": ("nd_ZW",), "ne": ("ne_NP",), "nl": ("nl_NL", "nl_BE"),
    "nn": ("nn_NO",), "no": ("nb_NO",), "nr": ("nr_ZA",), "nso": ("ns_ZA",), "ny": ("ny_MW",), "om": ("om_ET",),
    "or": ("or_IN",), "pa": ("pa_IN",), "pl": ("pl_PL",), "ps": ("ps_AF",), "pt": ("pt_PT", "pt_BR"),
    "qu": ("qu_PE",), "quc": ("qc_GT",), "rm": ("rm_CH",), "ro": ("ro_RO",), "ru": ("ru_RU",), "rup": ("qr_GR",),
    "rw": ("rw_RW",), "sa": ("sa_IN",), "sc": ("sc_IT",), "se": ("se_NO",), "si": ("si_LK",), "sk": ("sk_SK",),
    "sl": ("sl_SI",), "sn": ("sn_ZW",), "so": ("so_SO",), "sq": ("sq_AL",), "sr": ("sr_RS",), "ss": ("ss_SZ",),
    "st": ("st_ZA",), "su": ("su_ID",), "sv": ("sv_SE",), "sw": ("sw_KE",), "syr": ("sy_SY",), "szl": ("sz_PL",),
    "ta": ("ta_IN",), "te": ("te_IN",), "tg": ("tg_TJ",), "th": ("th_TH",), "tk": ("tk_TM",), "tl": ("tl_PH",),
    "tlh": ("tl_ST",), "tli": ("qt_US",), "tn": ("tn_BW",), "tr": ("tr_TR",), "ts": ("ts_ZA",), "tt": ("tt_RU",),
    "tzm": ("tz_MA",), "uk": ("uk_UA",), "ur": ("ur_PK",), "uz": ("uz_UZ",), "ve": ("ve_ZA",), "vec": ("qv_IT",),
    "vi": ("vi_VN",), "wo": ("wo_SN",), "xh": ("xh_ZA",), "yi": ("yi_DE",), "yo": ("yo_NG",), "zgh": ("tz_MA",),
    "zh": ("zh_CN", "zh_TW", "zh_HK"), "zu": ("zu_ZA",), "zza": ("zz_TR",),
}  # fmt: skip
# Chinese is told apart by script first: without a region Facebook knows, Traditional is Taiwan's.
_OPEN_GRAPH_SCRIPTS = {("zh", "Hans"): "zh_CN", ("zh", "Hant"): "zh_TW"}
_OPEN_GRAPH_REGIONS = {"419": "LA"}  # Latin American Spanish is es_LA there


@cache
def og_locale(lang: Language) -> str:
    """The og:locale value for a language, from the locales Facebook accepts.

    A code whose region Facebook has for the language takes that locale
    (``pt_BR``, ``fr_CA``, ``zh_TW``); any other takes the language's own entry
    (``ar``, ``ar_EG`` -> ``ar_AR``; ``fa_AF`` -> ``fa_IR``, Facebook has no
    Dari; ``ckb`` -> ``cb_IQ``). A language Facebook does not list keeps
    its gettext spelling without modifier (``dv_MV``, ``haw``): the language
    is still named for every other reader of Open Graph, and no territory is
    made up for it.
    """
    parts = lang.parts
    known = _OPEN_GRAPH.get(parts.language)
    if known is None:
        return "_".join(part for part in (parts.language, parts.region) if part)
    region = _OPEN_GRAPH_REGIONS.get(parts.region or "", parts.region)
    for candidate in known:
        if region is not None and candidate.endswith(f"_{region}"):
            return candidate
    # The script the code names, else the one Babel files the language under (zh_SG is zh_Hans_SG).
    script = parts.written_script or next((part for part in lang.locale.split("_")[1:] if len(part) == 4), None)
    return _OPEN_GRAPH_SCRIPTS.get((parts.language, script or ""), known[0])


def og_alternates(lang: Language, published: list[Language]) -> list[str]:
    """og:locale:alternate values for a page in ``lang``: each other language's once, not the page's own."""
    own = og_locale(lang)
    return list(dict.fromkeys(value for other in published if (value := og_locale(other)) != own))
