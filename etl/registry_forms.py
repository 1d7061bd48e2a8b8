"""How registries write things, for the demo: places as codes, names, districts and addresses; countries
and currencies by any of their names; subtypes, IP types and party kinds. Every form is drawn from the
vocabularies and kept only if the ETL resolves it back to what was meant, so the demo loads with no
rejects and stays calibrated."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import polars as pl

from etl.dimensions import currency_map, read_dimension, read_regions
from etl.places import places
from etl.text import key_text
from etl.uscc import make_codes

# Subtypes of each type and the IP types behind them (weights): synthetic proportions for the demo.
IP_BY_SUBTYPE = {
    "transfer_patent": {"invention_patent": 0.7, "utility_model": 0.25, "design_patent": 0.05},
    "transfer_patent_application": {"patent_application": 1.0},
    "transfer_technical_secret": {"technical_secret": 1.0},
    "transfer_software": {"software_copyright": 1.0},
    "transfer_ic_layout": {"ic_layout": 1.0},
    "transfer_plant_variety": {"plant_variety": 1.0},
    "transfer_biomed_variety": {"biomed_variety": 1.0},
    "licensing_patent": {"invention_patent": 0.8, "utility_model": 0.2},
    "licensing_technical_secret": {"technical_secret": 1.0},
    "licensing_software": {"software_copyright": 1.0},
    "development_commissioned": {"none": 0.6, "invention_patent": 0.25, "technical_secret": 0.15},
    "development_cooperative": {"none": 0.5, "invention_patent": 0.35, "technical_secret": 0.15},
}
SUBTYPE_WEIGHTS = {
    "development_commissioned": 0.7, "development_cooperative": 0.3,
    "transfer_patent": 0.45, "transfer_patent_application": 0.1, "transfer_technical_secret": 0.25, "transfer_software": 0.12,
    "transfer_ic_layout": 0.03, "transfer_plant_variety": 0.03, "transfer_biomed_variety": 0.02,
    "licensing_patent": 0.6, "licensing_technical_secret": 0.25, "licensing_software": 0.15,
    "consulting": 1.0, "service_general": 0.75, "service_intermediary": 0.15, "service_training": 0.1,
}
KIND_NAMES = {"enterprise": "企业", "university": "高等院校", "research_institute": "科研院所"}


class RegistryForms:
    def __init__(self, fx: pl.DataFrame):
        self.fx = fx.select("rate_date", "currency", pl.col("cny_per_unit").cast(pl.Float64)).sort("rate_date")
        spans = self.fx.group_by("currency").agg(pl.col("rate_date").min().alias("first"), pl.col("rate_date").max().alias("last"))
        # Currencies rated all year (the ECB stopped the rouble in March 2022, the króna in 2008-2018).
        self.span = {r["currency"]: (r["first"].year, r["last"].year) for r in spans.iter_rows(named=True)}
        self.regions = read_regions()
        self.name_zh = dict(zip(self.regions["region_code"], self.regions["name_zh"], strict=True))

    # -- places ---------------------------------------------------------------------------

    @cached_property
    def place_forms(self) -> dict[str, list[str]]:
        """Region code -> the forms a registry might write it in, each checked to resolve back to it."""
        p = places()
        forms: dict[str, list[str]] = {}
        by_code = {d["code"]: d for d in read_dimension("divisions").iter_rows(named=True)}
        for r in self.regions.iter_rows(named=True):
            forms[r["region_code"]] = [r["region_code"], r["name_zh"], r["name_en"]] + [a for a in (r["aliases"] or "").split("|") if a]
        for code, d in by_code.items():
            path, c = [], code
            while c:
                path.append(by_code[c]["name"])
                c = by_code[c]["parent_code"]
            path.reverse()
            region = p.region_of[code]
            out = forms.setdefault(region, [])
            if d["level"] == "county":
                out += ["".join(path[-2:]), "".join(path) + "科技大道88号", "".join(path[:-1]) + d["name"] + "创新园3栋"]
                if ":" not in code:
                    out += [code, code + "000000"]
            elif d["level"] == "prefecture":
                out += [d["name"], "".join(path)]
        for c in read_dimension("countries").iter_rows(named=True):
            if c["alpha2"] in forms:
                forms[c["alpha2"]] += [c["alpha3"], *(c["names_zh"] or "").split("|"), *(c["names_en"] or "").split("|")]
        return {region: sorted({f for f in fs if f and p.resolve(f).region == region}) for region, fs in forms.items()}

    def place(self, codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return pick(codes, lambda code: self.place_forms.get(code) or [code], rng)

    # -- currencies -----------------------------------------------------------------------

    @cached_property
    def _territory_currencies(self) -> dict:
        from babel.core import get_global

        return get_global("territory_currencies")

    def local_currency(self, region: str, year: int) -> str:
        """The currency a party there signs in (CLDR's for the territory and year), if the ECB rates it."""
        key = (region, year)
        cache = self.__dict__.setdefault("_local", {})
        if key not in cache:
            territory = {"810000": "HK", "820000": "MO", "710000": "TW"}.get(region, region)
            found = ""
            for code, start, end, tender in self._territory_currencies.get(territory, []):
                if tender and (start is None or start <= (year, 12, 31)) and (end is None or end >= (year, 1, 1)):
                    first, last = self.span.get(code, (9999, 0))
                    found = code if first < year < last else ""
            cache[key] = found
        return cache[key]

    def rates(self, currency: np.ndarray, dates: np.ndarray, fx: pl.DataFrame | None = None) -> np.ndarray:
        """Yuan per unit on each signing date: the last published day on or before it (1 for CNY)."""
        frame = pl.DataFrame({"currency": currency, "day": dates.astype("datetime64[D]")}).with_row_index("i")
        joined = frame.sort("day").join_asof(self.fx, left_on="day", right_on="rate_date", by="currency", strategy="backward",
                                             check_sortedness=False).sort("i")
        rate = joined["cny_per_unit"].fill_null(1.0).to_numpy()
        return np.where(currency == "CNY", 1.0, rate)

    @cached_property
    def currency_forms(self) -> dict[str, np.ndarray]:
        resolve = currency_map()
        out = {}
        for r in read_dimension("currencies").iter_rows(named=True):
            forms = [r["currency"], *(r["names_zh"] or "").split("|"), *(r["names_en"] or "").split("|")]
            out[r["currency"]] = np.array(sorted({f for f in forms if f and resolve.get(key_text(f)) == r["currency"]}), dtype=object)
        return out

    def currency_name(self, currency: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return pick(currency, lambda code: list(self.currency_forms[code]), rng)

    def local_currencies(self, regions: np.ndarray, year: int) -> np.ndarray:
        """local_currency of each row's region ("" where there is none)."""
        return lookup(regions, lambda r: self.local_currency(r, year) if r else "")

    # -- registry fields ------------------------------------------------------------------

    def registry_fields(self, types: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Subtype (written in the type column, its own column, or not at all), IP type, registry."""
        subtypes = read_dimension("contract_subtypes")
        n = len(types)
        subtype = np.empty(n, dtype=object)
        for t in np.unique(types):
            idx = np.flatnonzero(types == t)
            options = subtypes.filter(pl.col("type_code") == t)
            codes = np.array(options["subtype_code"].to_list(), dtype=object)
            w = np.array([SUBTYPE_WEIGHTS.get(c, 0.0) for c in codes])
            subtype[idx] = codes[rng.choice(len(codes), size=len(idx), p=w / w.sum())]
        names = dict(zip(subtypes["subtype_code"], subtypes["name_zh"], strict=True))
        mode = rng.random(n)
        written = mode < 0.85
        ip_types = read_dimension("ip_types")
        ip_name = dict(zip(ip_types["ip_type"], ip_types["name_zh"], strict=True))
        ip = np.full(n, "", dtype=object)
        for s in np.unique(subtype):
            idx = np.flatnonzero(subtype == s)
            table = IP_BY_SUBTYPE.get(s, {"none": 1.0})
            kinds = np.array(list(table), dtype=object)
            ip[idx] = kinds[rng.choice(len(kinds), size=len(idx), p=np.array(list(table.values())))]
        ip_text = lookup(ip, ip_name.get).astype(object)
        blank = rng.random(n)
        ip_text[((ip == "none") & (blank < 0.5)) | (blank < 0.1)] = ""  # many files leave it blank
        registry = np.array(["东莞市技术合同认定登记站", "深圳市技术合同认定登记站", "广州市技术合同认定登记站", "广东省技术市场协会登记点"],
                            dtype=object)[rng.integers(0, 4, n)]
        return {
            "subtype_in_type": written & (mode < 0.4),
            "subtype_name": np.where(written, lookup(subtype, names.get), "").astype(str),
            "ip_name": ip_text.astype(str),
            "registry": registry.astype(str),
        }

    def academic_sellers(self, seller: dict, academic: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        """Names, credit codes (public institutions: 12...) and written kinds; universities and research
        institutes where `academic`, the seller as drawn elsewhere."""
        n = len(academic)
        name = seller["name"].to_numpy().astype(object)
        ids = seller["id"].to_numpy().astype(object)
        region = seller["region"].to_numpy().astype(str)
        is_university = rng.random(n) < 0.6
        idx = np.flatnonzero(academic)
        if len(idx):
            prefix = np.array([self.name_zh.get(r, "") for r in region[idx]], dtype=object)
            serial = rng.integers(0, 40, len(idx))
            uni = np.array(["理工大学", "科技大学", "工业大学", "大学", "职业技术学院"], dtype=object)
            inst = np.array(["工业技术研究院", "先进技术研究院", "材料研究所", "科学院研究所", "智能制造研究中心"], dtype=object)
            suffix = np.where(is_university[idx], uni[serial % len(uni)], inst[serial % len(inst)])
            name[idx] = prefix + suffix
            ids[idx] = make_codes(np.array([int(r) for r in region[idx]]), serial * 1_000_003 + 77, authority="12")
        kind = np.where(academic, np.where(is_university, "university", "research_institute"), "enterprise")
        write = (rng.random(n) < 0.5) & (ids != "")
        written = np.where(write, lookup(kind, KIND_NAMES.get), "")
        return name.astype(str), ids.astype(str), written.astype(str)



def lookup(values: np.ndarray, fn) -> np.ndarray:
    """fn of each value, called once per distinct value."""
    distinct, inverse = np.unique(values.astype(str), return_inverse=True)
    return np.array([fn(v) for v in distinct], dtype=object)[inverse].astype(str)


def pick(keys: np.ndarray, options_of, rng: np.random.Generator) -> np.ndarray:
    """For each row, one of the options of its key, uniformly: vectorised over the distinct keys."""
    distinct, inverse = np.unique(keys.astype(str), return_inverse=True)
    options = [options_of(k) for k in distinct]
    counts = np.array([len(o) for o in options])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat = np.array([o for opts in options for o in opts], dtype=object)
    chosen = offsets[inverse] + np.floor(rng.random(len(keys)) * counts[inverse]).astype(np.int64)
    return flat[chosen].astype(str)
