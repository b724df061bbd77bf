"""Being found in every language: the sitemap, robots.txt and Open Graph locales.

``output/sitemap.xml`` lists every page with its ``xhtml:link`` alternates in
the form search engines document for multilingual sites (past the protocol's
limits, it is an index of sitemaps that do); ``robots.txt`` points at it and
keeps build space out of search results. ``og:locale`` values come from the
project's own table of the locales Facebook accepts, not from locale data that
changes with Babel's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from .languages import Language
from .xmltext import escape, quoteattr

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


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


# The protocol's limits for one sitemap file (sitemaps.org): a site past either gets a sitemap index
# (``sitemap.xml``) and sitemaps ``sitemap-1.xml``, ``sitemap-2.xml``... under it, as search engines ask.
MAX_URLS = 50_000
MAX_BYTES = 52_428_800  # 50 MiB, uncompressed
SITEMAP = "sitemap.xml"
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"
_URLSET = (
    _DECLARATION + f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML_NAMESPACE}">\n'.encode(),
    b"</urlset>\n",
)


def sitemap_files(
    entries: list[SitemapEntry], base_url: str, max_urls: int | None = None, max_bytes: int | None = None
) -> list[tuple[str, bytes]]:
    """The sitemap files (name under output/, bytes), in the form search engines document for alternate
    language pages: ``sitemap.xml`` alone, or, past the protocol's limits, an index and its sitemaps.

    Written as bytes (with XML escaping) and joined once: a large site in many languages has hundreds
    of thousands of links here (40 languages of 300 pages: 49 MB), and each copy of that text counts
    in the build's peak memory. ``max_urls`` and ``max_bytes`` are the protocol's limits unless given.
    """
    max_urls = MAX_URLS if max_urls is None else max_urls
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    head, tail = _URLSET
    parts: list[list[bytes]] = [[]]  # each sitemap's <url> elements, as bytes
    counts = [0]  # each sitemap's pages
    size = len(head) + len(tail)
    written: dict[int, bytes] = {}  # the pages of one document share their list of alternates: written once
    for entry in entries:
        links = written.get(id(entry.alternates))
        if links is None:
            links = written[id(entry.alternates)] = "".join(
                f'  <xhtml:link rel="alternate" hreflang={quoteattr(item.hreflang)} href={quoteattr(item.url)} />\n'
                for item in entry.alternates
            ).encode()
        modified = f"  <lastmod>{entry.modified.isoformat()}</lastmod>\n" if entry.modified is not None else ""
        url = (f" <url>\n  <loc>{escape(entry.url)}</loc>\n{modified}".encode(), links or b"\n", b" </url>\n")
        grown = sum(len(part) for part in url)
        if counts[-1] and (counts[-1] >= max_urls or size + grown > max_bytes):
            parts.append([])
            counts.append(0)
            size = len(head) + len(tail)
        parts[-1] += url
        counts[-1] += 1
        size += grown
    if len(parts) == 1:
        return [(SITEMAP, b"".join([head, *parts[0], tail]))]
    files = [(f"sitemap-{number}.xml", b"".join([head, *urls, tail])) for number, urls in enumerate(parts, 1)]
    latest: list[date | None] = []
    start = 0
    for count in counts:
        dates = [entry.modified for entry in entries[start : start + count] if entry.modified is not None]
        latest.append(max(dates) if dates else None)
        start += count
    return [(SITEMAP, _index([base_url + name for name, _ in files], latest)), *files]


def _index(locations: list[str], modified: list[date | None]) -> bytes:
    lines = [f'<sitemapindex xmlns="{SITEMAP_NAMESPACE}">']
    for location, latest in zip(locations, modified, strict=True):
        lines += [" <sitemap>", f"  <loc>{escape(location)}</loc>"]
        if latest is not None:
            lines.append(f"  <lastmod>{latest.isoformat()}</lastmod>")
        lines.append(" </sitemap>")
    lines.append("</sitemapindex>\n")
    return _DECLARATION + "\n".join(lines).encode()


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
