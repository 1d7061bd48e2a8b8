"""Resolving a place as a registry writes it to one of the dashboard's regions.

A value is tried, in order:
1. as a code: six digits, or the twelve-digit statistical code (its first six count). A current
   division code, an earlier code of a renamed or merged unit (data/dimensions/division_changes.csv),
   or, failing both, the city or province its first four or two digits name;
2. as a name or code of a region in data/dimensions/regions.csv (深圳, Shenzhen, 440300, HK);
3. as an ISO 3166 country: alpha-2, alpha-3, an English or Chinese name (data/dimensions/countries.csv);
4. as a Chinese place, read from the front: a province, then a prefecture, then a county, each with or
   without its suffix (市, 区, 县, 自治州, 盟, 地区 …), any of them left out, and whatever follows
   (街道, a street address) ignored. The longest known name wins at each step, so 吉林市 is the city and
   吉林省 the province. A bare county name (鼓楼区) that several units carry is refused with every
   candidate named, unless they all roll up to the same region. Earlier names (襄樊, 莱芜市) resolve
   to today's unit. A country's Chinese name may also begin an address (美国加利福尼亚州);
5. by country-converter's patterns for English country names and variants (USA, UK, Turkey).

Every unit then rolls up to the nearest of its ancestors that is a region: a district of a GBA or
YRD city (or one of Guangdong's cities) to that city, anything else to its province, Hong Kong's
districts and Macao's parishes to Hong Kong and Macao, Taiwan's cities to Taiwan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from etl.dimensions import AMBIGUOUS, CHINESE_ISO, DIMENSIONS_DIR, lookups, read_dimension, read_regions
from etl.text import clean_text, key_text, region_key_text

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CODE = re.compile(r"^(\d{6})(\d{6})?$")
FOREIGN_PREFIX = "country:"


@dataclass(frozen=True)
class Resolution:
    region: str | None  # a region code, or None
    candidates: str = ""  # for an ambiguous name: every candidate, for the message


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str
    province: str


class Places:
    """The gazetteer. Build once (`places()`), then call `resolve(text)`."""

    def __init__(self, directory: Path):
        self.lookups = lookups(directory)
        divisions = read_dimension("divisions", directory)
        changes = read_dimension("division_changes", directory)
        countries = read_dimension("countries", directory)
        regions = set(read_regions(directory)["region_code"].to_list())
        self.units = {r["code"]: Unit(r["code"], r["name"], r["level"], r["parent_code"] or "", r["province_code"])
                      for r in divisions.iter_rows(named=True)}
        self.region_of: dict[str, str] = {}
        for code, unit in self.units.items():
            c = code
            while c and c not in regions:
                c = self.units[c].parent if c in self.units else ""
            self.region_of[code] = c or unit.province
        self.old_codes = {r["old_code"]: r["code"] for r in changes.iter_rows(named=True) if r["code"] in self.units}

        # Names for reading from the front: under each scope (a province or prefecture, all of its
        # descendants), and at the root: names that may begin a value, and names that must be all of it.
        self.scoped: dict[str, dict[str, set[str]]] = {}
        self.root_prefix: dict[str, set[str]] = {}
        self.root_whole: dict[str, set[str]] = {}

        def put(table: dict[str, set[str]], name: str, code: str) -> None:
            k = key_text(name)
            if len(k) >= 2:
                table.setdefault(k, set()).add(code)

        for r in divisions.iter_rows(named=True):
            code, level = r["code"], r["level"]
            names = [r["name"]] + ([r["short_name"]] if r["short_name"] else [])
            for ancestor in self._ancestors(code):
                for n in names:
                    put(self.scoped.setdefault(ancestor, {}), n, code)
            put(self.root_prefix, r["name"], code)
            for n in names[1:]:
                put(self.root_prefix if level in ("province", "prefecture") else self.root_whole, n, code)
        # Earlier names of renamed and merged units: under their province and as whole names, where
        # no current unit there has the name.
        province_by_name = {u.name: u.code for u in self.units.values() if u.level == "province"}
        for r in changes.iter_rows(named=True):
            old, new = r["old_name"], r["code"]
            if not old or old == r["name"] or new not in self.units:
                continue
            path = (r["old_path"] or "").split("/")
            province = province_by_name.get(path[0])
            for form in {old, _short(old)}:
                k = key_text(form)
                if len(k) < 2:
                    continue
                if province and k not in self.scoped.get(province, {}):
                    self.scoped.setdefault(province, {})[k] = {new}
                # A former prefecture's full name may begin an address (襄樊市樊城区); other old names stand alone.
                root = self.root_prefix if len(path) == 2 and form == old else self.root_whole
                if k not in self.root_prefix and k not in self.root_whole:
                    root.setdefault(k, set()).add(new)
        # Countries: exact names and codes, Chinese names that may begin an address, English patterns.
        self.countries: dict[str, set[str]] = {}
        self.patterns: list[tuple[re.Pattern, str]] = []
        chinese_regions = dict(zip(CHINESE_ISO, (None, "810000", "820000", "710000"), strict=True))
        for r in countries.iter_rows(named=True):
            a2 = r["alpha2"]
            target = chinese_regions.get(a2, a2)
            if target is None:
                continue
            # Codes come with the regions (step 2); here the names, however they are written.
            for form in [*(r["names_en"] or "").split("|"), *(r["names_zh"] or "").split("|")]:
                if form:
                    self.countries.setdefault(key_text(form), set()).add(target)
            for form in (r["names_zh"] or "").split("|"):
                if form and a2 not in chinese_regions:
                    self.units[FOREIGN_PREFIX + a2] = Unit(FOREIGN_PREFIX + a2, form, "country", "", "")
                    self.region_of[FOREIGN_PREFIX + a2] = a2
                    k = key_text(form)
                    if len(k) >= 2 and k not in self.root_prefix:
                        self.root_prefix.setdefault(k, set()).add(FOREIGN_PREFIX + a2)
            if r["name_pattern"] and a2 not in chinese_regions:
                self.patterns.append((re.compile(r["name_pattern"], re.IGNORECASE), a2))
        self.longest = max(len(k) for t in (self.root_prefix, self.root_whole, *self.scoped.values()) for k in t)
        self._memo: dict[str, Resolution] = {}

    def _ancestors(self, code: str) -> list[str]:
        out, c = [], self.units[code].parent if code in self.units else ""
        while c:
            out.append(c)
            c = self.units[c].parent if c in self.units else ""
        return out

    def describe(self, code: str) -> str:
        """鼓楼区 (江苏省南京市, 320106)."""
        unit = self.units[code]
        path = "".join(self.units[a].name for a in reversed(self._ancestors(code)) if a in self.units)
        shown = code.split(":")[0] if ":" in code else code
        return f"{unit.name} ({path}, {shown})" if path else f"{unit.name} ({shown})"

    # -- resolving --------------------------------------------------------------------------

    def resolve(self, text: str | None) -> Resolution:
        if text is None:
            return Resolution(None)
        hit = self._memo.get(text)
        if hit is None:
            hit = self._memo[text] = self._resolve(text)
            if len(self._memo) > 500_000:
                self._memo.clear()
        return hit

    def _resolve(self, text: str) -> Resolution:
        raw = clean_text(text)
        k = key_text(raw)
        if not k:
            return Resolution(None)
        m = _CODE.match(k)
        if m:
            return Resolution(self._by_code(m.group(1)))
        if len(k) <= 3 and k.isascii() and k.isalpha() and re.sub(r"[\s.]", "", raw).lower() != k:
            return Resolution(None)  # a code written with other marks is no code: N/A is not Namibia (NA)
        exact = self.lookups.regions.get(region_key_text(raw))
        if exact == AMBIGUOUS:
            return Resolution(AMBIGUOUS, self.lookups.ambiguous_regions.get(region_key_text(raw), ""))
        if exact is not None:
            return Resolution(exact)
        countries = self.countries.get(k)
        if countries and len(countries) == 1:
            return Resolution(next(iter(countries)))
        if _CJK.search(k):
            return self._parse(k)
        matches = {a2 for pattern, a2 in self.patterns if pattern.search(raw)}
        if len(matches) == 1:
            return Resolution(matches.pop())
        return Resolution(None)

    def _by_code(self, code: str) -> str | None:
        for c in (code, self.old_codes.get(code), code[:4] + "00", code[:2] + "0000"):
            if c and c in self.units:
                return self.region_of[c]
        return None

    def _parse(self, k: str) -> Resolution:
        scope, pos, found = None, 0, None
        while pos < len(k):
            step = self._longest(k, pos, scope)
            if step is None:
                break
            codes, length = step
            if len(codes) > 1:
                regions = {self.region_of[c] for c in codes}
                provinces = [c for c in codes if self.units[c].level == "province"]
                if len(provinces) == 1 and scope is None:
                    codes = set(provinces)  # at the start, a province's name wins (海南 is the province)
                elif len(regions) == 1:
                    return Resolution(regions.pop())  # several units, one region: nothing to choose
                else:
                    return Resolution(AMBIGUOUS, " or ".join(self.describe(c) for c in sorted(codes)))
            found = next(iter(codes))
            pos += length
            if self.units[found].level in ("county", "country"):
                break
            scope = found
        return Resolution(self.region_of[found] if found else None)

    def _longest(self, k: str, pos: int, scope: str | None) -> tuple[set[str], int] | None:
        table = self.root_prefix if scope is None else self.scoped.get(scope, {})
        for length in range(min(self.longest, len(k) - pos), 1, -1):
            seg = k[pos:pos + length]
            codes = table.get(seg)
            if codes is None and scope is None and pos == 0 and length == len(k):
                codes = self.root_whole.get(seg)
            if codes:
                return codes, length
        return None

    def resolve_series(self, values: pl.Series) -> pl.DataFrame:
        """region and candidates (for ambiguous values) for each value, row for row."""
        uniq = values.unique()
        res = [self.resolve(v) for v in uniq.to_list()]
        table = pl.DataFrame({"_v": uniq, "region": [r.region for r in res], "candidates": [r.candidates for r in res]},
                             schema={"_v": values.dtype, "region": pl.String, "candidates": pl.String})
        return values.alias("_v").to_frame().join(table, on="_v", how="left", nulls_equal=True, maintain_order="left").drop("_v")


def _short(name: str) -> str:
    short = re.sub(r"(特别行政区|自治州|自治县|地区|市|区|县|旗|盟)$", "", name)
    return short if len(short) >= 2 else name


@cache
def places(directory: Path = DIMENSIONS_DIR) -> Places:
    return Places(directory)
