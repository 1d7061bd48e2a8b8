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
        spans = self.fx.group_by("currency", maintain_order=True).agg(pl.col("rate_date").min().alias("first"),
                                                                      pl.col("rate_date").max().alias("last"))
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

    def place(self, codes: np.ndarray, rng: np.random.Generator) -> pl.Series:
        return pick(codes, lambda code: self.place_forms.get(code) or [code], rng)

    # -- currencies -----------------------------------------------------------------------

    @cached_property
    def _territory_currencies(self) -> dict[str, list[tuple[str, int, int]]]:
        """CLDR's legal tender of each territory since 2000 (countries.csv): code, first year, last year."""
        out: dict[str, list[tuple[str, int, int]]] = {}
        for r in read_dimension("countries").iter_rows(named=True):
            for item in (r["currencies"] or "").split("|"):
                if item:
                    code, start, end = item.split(":")
                    out.setdefault(r["alpha2"], []).append((code, int(start or 0), int(end or 9999)))
        return out

    def local_currency(self, region: str, year: int) -> str:
        """The currency a party there signs in (CLDR's for the territory and year), if the ECB rates it all year."""
        key = (region, year)
        cache = self.__dict__.setdefault("_local", {})
        if key not in cache:
            territory = {"810000": "HK", "820000": "MO", "710000": "TW"}.get(region, region)
            found = ""
            for code, start, end in self._territory_currencies.get(territory, []):
                if start <= year <= end:
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

    def currency_name(self, currency: np.ndarray, rng: np.random.Generator) -> pl.Series:
        return pick(currency, lambda code: list(self.currency_forms[code]), rng)

    def local_currencies(self, regions: np.ndarray, year: int) -> np.ndarray:
        """local_currency of each row's region ("" where there is none)."""
        return lookup(regions, lambda r: self.local_currency(r, year) if r else "").to_numpy().astype(str)

    # -- registry fields ------------------------------------------------------------------

    def registry_fields(self, types: np.ndarray, rng: np.random.Generator) -> dict[str, pl.Series | np.ndarray]:
        """Subtype (written in the type column, its own column, or not at all), IP type, registry: as
        Polars string columns gathered from small tables by index (no Python string per row)."""
        subtypes = read_dimension("contract_subtypes")
        codes = subtypes["subtype_code"].to_list()
        n = len(types)
        subtype = np.zeros(n, dtype=np.int64)
        for t in np.unique(types):
            idx = np.flatnonzero(types == t)
            options = [i for i, c in enumerate(codes) if subtypes["type_code"][i] == t]
            w = np.array([SUBTYPE_WEIGHTS.get(codes[i], 0.0) for i in options])
            subtype[idx] = np.array(options)[rng.choice(len(options), size=len(idx), p=w / w.sum())]
        mode = rng.random(n)
        written = mode < 0.85
        ip_types = read_dimension("ip_types")
        ip_codes = ip_types["ip_type"].to_list()
        ip = np.zeros(n, dtype=np.int64)
        for i in np.unique(subtype):
            idx = np.flatnonzero(subtype == i)
            table = IP_BY_SUBTYPE.get(codes[i], {"none": 1.0})
            kinds = np.array([ip_codes.index(k) for k in table])
            ip[idx] = kinds[rng.choice(len(kinds), size=len(idx), p=np.array(list(table.values())))]
        blank = rng.random(n)
        ip_blank = ((ip == ip_codes.index("none")) & (blank < 0.5)) | (blank < 0.1)  # many files leave it blank
        names = pl.Series([*subtypes["name_zh"].to_list(), ""])
        ip_names = pl.Series([*ip_types["name_zh"].to_list(), ""])
        registries = pl.Series(["东莞市技术合同认定登记站", "深圳市技术合同认定登记站", "广州市技术合同认定登记站",
                                "广东省技术市场协会登记点"])
        return {
            "subtype_in_type": written & (mode < 0.4),
            "subtype_name": names.gather(np.where(written, subtype, len(codes))),
            "ip_name": ip_names.gather(np.where(ip_blank, len(ip_codes), ip)),
            "registry": registries.gather(rng.integers(0, len(registries), n)),
        }

    def academic_sellers(self, seller: dict, academic: np.ndarray, rng: np.random.Generator) -> tuple[pl.Series, pl.Series, pl.Series]:
        """Names, credit codes (public institutions: 12...) and written kinds; universities and research
        institutes where `academic`, the seller as drawn elsewhere."""
        n = len(academic)
        name, ids = seller["name"].cast(pl.String), seller["id"].cast(pl.String)
        is_university = rng.random(n) < 0.6
        idx = np.flatnonzero(academic)
        if len(idx):
            region = seller["region"].gather(idx).to_numpy().astype(str)
            prefix = lookup(region, lambda r: self.name_zh.get(r, ""))
            serial = rng.integers(0, 40, len(idx))
            uni = ["理工大学", "科技大学", "工业大学", "大学", "职业技术学院"]
            inst = ["工业技术研究院", "先进技术研究院", "材料研究所", "科学院研究所", "智能制造研究中心"]
            suffix = pl.Series(uni + inst).gather(np.where(is_university[idx], serial % len(uni), len(uni) + serial % len(inst)))
            name = name.scatter(idx, prefix + suffix)
            ids = ids.scatter(idx, pl.Series(make_codes(np.array([int(r) for r in region]), serial * 1_000_003 + 77, authority="12")))
        kind = np.where(academic, np.where(is_university, 1, 2), 0)
        write = (rng.random(n) < 0.5) & (ids != "").to_numpy()
        written = pl.Series([KIND_NAMES["enterprise"], KIND_NAMES["university"], KIND_NAMES["research_institute"], ""]).gather(
            np.where(write, kind, 3))
        return name, ids, written


def _distinct(keys) -> tuple[list[str], np.ndarray]:
    """The distinct keys and, for each row, the index of its key."""
    s = keys.cast(pl.String) if isinstance(keys, pl.Series) else pl.Series(np.asarray(keys).astype(str))
    distinct = s.unique().sort().to_list()
    return distinct, s.cast(pl.Enum(distinct)).to_physical().to_numpy()


def lookup(values, fn) -> pl.Series:
    """fn of each value, called once per distinct value."""
    distinct, inverse = _distinct(values)
    return pl.Series([fn(v) for v in distinct], dtype=pl.String).gather(inverse)


def pick(keys, options_of, rng: np.random.Generator) -> pl.Series:
    """For each row, one of the options of its key, uniformly: vectorised over the distinct keys."""
    distinct, inverse = _distinct(keys)
    options = [options_of(k) for k in distinct]
    counts = np.array([len(o) for o in options])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat = pl.Series([o for opts in options for o in opts], dtype=pl.String)
    chosen = offsets[inverse] + np.floor(rng.random(len(inverse)) * counts[inverse]).astype(np.int64)
    return flat.gather(chosen)
