"""The generators: geography, enterprises, parties and each year's contracts, vectorised with numpy and
written in the registry's own forms (etl.registry_forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from etl.demo.fit import fit_amounts, ipf, largest_remainder
from etl.demo.targets import YEARS
from etl.registry_forms import RegistryForms
from etl.uscc import make_codes

GEO_HMT, GEO_OTHER = "HK-MO-TW", "OTHER"
LABEL_ZH = "演示数据：合成数据，并非真实合同"
LABEL_EN = "Demo data: synthetic, not real contracts"

# Synthetic weights (rough economic size), used only to spread a province's contracts over its cities.
CITY_WEIGHTS = {
    "440300": 34, "440100": 30, "441900": 9, "440600": 7, "440400": 4, "441300": 3, "442000": 2.5, "440700": 1.5, "441200": 1,
    "440200": 0.6, "440500": 1.2, "440800": 0.8, "440900": 0.6, "441400": 0.4, "441500": 0.3, "441600": 0.4, "441700": 0.4,
    "441800": 0.6, "445100": 0.4, "445200": 0.5, "445300": 0.3,
    "320100": 30, "320500": 25, "320200": 10, "320400": 8, "320600": 5, "320300": 4, "321000": 3, "321100": 3, "321200": 3,
    "320900": 3, "320800": 2, "320700": 2, "321300": 2,
    "330100": 45, "330200": 18, "330300": 7, "330400": 6, "330600": 6, "330700": 5, "331000": 5, "330500": 4, "330800": 1.5,
    "330900": 1.5, "331100": 1,
    "340100": 55, "340200": 10, "340500": 4, "340300": 4, "340800": 3, "341100": 4, "341200": 3, "340400": 2, "340600": 2,
    "340700": 2, "341800": 2, "341500": 2, "341300": 2, "341600": 2, "341700": 1, "341000": 1,
    "810000": 62, "820000": 8, "710000": 30,
    "US": 20, "DE": 12, "JP": 12, "KR": 8, "GB": 6, "SG": 6, "FR": 5, "NL": 4, "CH": 4, "IT": 3, "SE": 2, "IL": 2, "FI": 1.5,
    "DK": 1.2, "AT": 1.2, "BE": 1, "ES": 1, "IE": 1, "CA": 2, "AU": 2, "NZ": 0.5, "MY": 1.5, "TH": 1.2, "VN": 1.2, "ID": 1,
    "PH": 0.6, "IN": 1, "RU": 1.5, "AE": 1, "SA": 0.8, "TR": 0.5, "ZA": 0.4, "EG": 0.3, "PK": 0.4, "KZ": 0.4, "HU": 0.6,
    "PL": 0.6, "LU": 0.4, "MX": 0.5, "BR": 0.8, "NO": 0.6,
}
TYPES = {"service": (0.45, 1.0), "development": (0.35, 1.4), "consulting": (0.08, 0.3), "transfer": (0.07, 1.2), "licensing": (0.05, 1.1)}
TYPE_ZH = {"development": "技术开发", "transfer": "技术转让", "licensing": "技术许可", "consulting": "技术咨询", "service": "技术服务"}
# Top-level field shares of contracts, and sub-fields as (share of their parent in 2019, in 2024).
FIELDS = {"electronic_info": 0.30, "advanced_mfg": 0.14, "urban_social": 0.14, "bio_medicine": 0.09, "new_energy": 0.08,
          "environment": 0.07, "modern_transport": 0.07, "new_materials": 0.06, "agriculture": 0.04, "aerospace": 0.01,
          "nuclear": 0.005}
SUBFIELDS_GBA = {"ai": (0.15, 0.35), "ic": (0.10, 0.20), "smart_terminal": (0.10, 0.18)}
SUBFIELDS_ELSEWHERE = {"ai": (0.10, 0.18), "ic": (0.08, 0.12), "smart_terminal": (0.06, 0.08)}
OTHER_SUBFIELDS = {"advanced_mfg": ("smart_mfg", 0.30), "bio_medicine": ("life_health", 0.25)}
MONTH_WEIGHTS = np.array([6, 6, 8, 8, 8, 9, 9, 8, 9, 8, 9, 12], dtype=float)  # registrations peak in December
AMOUNT_SIGMA = 1.7
WORDS_ZH = list("智联芯创微光电云数鑫科达睿精能华新恒信源泰锐航瀚图拓际湾海星辰宇通和")
SUFFIX_ZH = ["科技有限公司", "技术有限公司", "电子有限公司", "智能装备有限公司", "新材料股份有限公司", "研究院有限公司"]
WORDS_EN = ["Apex", "Nova", "Vertex", "Quantum", "Bright", "Delta", "Orion", "Summit", "Pioneer", "Helix", "Crest", "Zenith"]
NOUNS_EN = ["Labs", "Systems", "Technologies", "Devices", "Materials", "Robotics", "Semiconductor", "Bio", "Energy", "Analytics"]
LEGAL = {"DE": "GmbH", "AT": "GmbH", "CH": "AG", "JP": "K.K.", "KR": "Co., Ltd.", "NL": "B.V.", "FR": "S.A.S.", "IT": "S.p.A.",
         "ES": "S.L.", "SE": "AB", "FI": "Oy", "DK": "A/S", "NO": "AS", "US": "Inc.", "CA": "Inc."}
INDUSTRIES = ["电子信息制造", "智能装备制造", "新材料", "生物医药", "软件和信息技术服务", "新能源", "汽车及零部件", "家具与家居制造",
              "纺织服装", "食品饮料", "模具与五金", "科学研究和技术服务"]
MANUFACTURING = INDUSTRIES[:4] + INDUSTRIES[5:11]




class Geography:
    """The 33 yearbook geographies and the registry regions inside each."""

    def __init__(self, regions: pl.DataFrame):
        self.regions = regions
        provinces = regions.filter((pl.col("level") == "province") & (pl.col("is_mainland") == "true"))["region_code"].to_list()
        self.codes = [*sorted(provinces), GEO_HMT, GEO_OTHER]
        self.index = {g: i for i, g in enumerate(self.codes)}
        members: dict[str, list[tuple[str, float]]] = {g: [] for g in self.codes}
        cities_of = {p for p in regions.filter(pl.col("level") == "city")["parent_code"].to_list()}
        for r in regions.iter_rows(named=True):
            code, level = r["region_code"], r["level"]
            if level == "country":
                members[GEO_OTHER].append((code, CITY_WEIGHTS.get(code, 0.02)))  # the long tail of small partners
            elif code in ("810000", "820000", "710000"):
                members[GEO_HMT].append((code, CITY_WEIGHTS[code]))
            elif level == "city":
                members[r["parent_code"]].append((code, CITY_WEIGHTS.get(code, 1.0)))
            elif code not in cities_of:  # a province held at province level (and Shanghai)
                members[code].append((code, 1.0))
        self.members = members
        self.bloc = dict(zip(regions["region_code"], regions["bloc"], strict=True))
        self.is_mainland = {g: g not in (GEO_HMT, GEO_OTHER) for g in self.codes}
        # One array of all member regions, geography by geography, and a CDF per geography shifted
        # by its index, so that one searchsorted picks a member region for every contract at once.
        self.region_codes = [c for g in self.codes for c, _ in members[g]]
        cdf = []
        for g, code in enumerate(self.codes):
            w = np.array([w for _, w in members[code]], dtype=float)
            c = np.cumsum(w) / w.sum()
            c[-1] = 1.0
            cdf.append(g + c)
        self._cdf = np.concatenate(cdf)

    def seed_matrix(self) -> np.ndarray:
        k = len(self.codes)
        seed = np.ones((k, k))
        np.fill_diagonal(seed, 12.0)  # most contracts stay inside a province
        gd, yrd = self.index["440000"], [self.index[c] for c in ("310000", "320000", "330000", "340000")]
        for y in yrd:
            seed[gd, y] = seed[y, gd] = 2.0
        hmt, other = self.index[GEO_HMT], self.index[GEO_OTHER]
        seed[gd, hmt] = seed[hmt, gd] = 4.0
        for a in (hmt, other):
            for b in (hmt, other):
                seed[a, b] = 0.0  # both parties outside the mainland: not in this registry
        return seed

    def pick_regions(self, geo_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Index into `region_codes` of a member region of each contract's geography."""
        return np.searchsorted(self._cdf, geo_idx + rng.random(len(geo_idx)), side="right")


def _names_zh(prefix: np.ndarray, index: np.ndarray) -> np.ndarray:
    w = len(WORDS_ZH)
    index = (index * 7919 + 1013) % (w ** 3)  # a bijection that spreads neighbouring numbers over the words
    a, b, c = index % w, (index // w) % w, (index // (w * w)) % w
    suffix = np.array(SUFFIX_ZH)[(index // (w * w * w) + index) % len(SUFFIX_ZH)]
    words = np.array(WORDS_ZH)
    return np.char.add(np.char.add(np.char.add(np.char.add(prefix.astype(str), words[a]), words[b]), words[c]), suffix)


def make_enterprises(geo: Geography, count: int, rng: np.random.Generator, today: dt.date) -> pl.DataFrame:
    regions = geo.regions.filter(pl.col("is_mainland") == "true")
    members = {c: w for g in geo.codes if geo.is_mainland[g] for c, w in geo.members[g]}
    codes = sorted(members)
    province_weight = {r["region_code"]: r["province_code"] for r in regions.iter_rows(named=True)}
    by_province: dict[str, list[str]] = {}
    for c in codes:
        by_province.setdefault(province_weight[c], []).append(c)
    weights = np.array([
        members[c] / sum(members[x] for x in by_province[province_weight[c]])
        * (8.0 if province_weight[c] in ("440000", "310000", "320000", "330000", "340000") else 1.0)
        * (3.0 if geo.bloc[c] == "GBA" else 1.0) * (2.0 if c == "441900" else 1.0)
        for c in codes
    ])
    per_region = largest_remainder(weights, count - 15 * len(codes)) + 15  # every region has some
    region = np.repeat(np.array(codes, dtype=object), per_region)
    n = len(region)
    index_in_region = np.concatenate([np.arange(k) for k in per_region])
    division = np.array([int(c) for c in region])
    ids = make_codes(division, np.arange(n) * 7 + 104_729)
    names_zh = dict(zip(regions["region_code"], regions["name_zh"], strict=True))
    prefix = np.array([names_zh[c] for c in region], dtype=object)
    dongguan = region == "441900"
    is_high_tech = rng.random(n) < np.where(dongguan, 0.42, 0.28)
    manufacturing = rng.random(n) < np.where(dongguan, 0.85, 0.55)
    industry = np.where(manufacturing, np.array(MANUFACTURING)[rng.integers(0, len(MANUFACTURING), n)],
                        np.array(INDUSTRIES)[rng.integers(0, len(INDUSTRIES), n)])
    u = rng.random(n)
    tier = np.select([u < 0.012, u < 0.06, u < 0.20], ["专精特新“小巨人”", "专精特新中小企业", "创新型中小企业"], "")
    v = rng.random(n)
    stage = np.select([v < 0.01, v < 0.035, v < 0.085, v < 0.17], ["创新集群", "加速器", "孵化器", "科创苗圃"], "")
    listing = rng.random(n) < np.select([tier == "专精特新“小巨人”", tier == "专精特新中小企业"], [0.35, 0.08], 0.01)
    founded = np.clip(today.year - np.floor(rng.exponential(9.0, n)).astype(int), 1980, today.year)
    return pl.DataFrame({
        "统一社会信用代码": ids,
        "企业名称": _names_zh(prefix, index_in_region),
        "所在地区": region.astype(str),
        "所属行业": industry,
        "高新技术企业": np.where(is_high_tech, "是", "否"),
        "专精特新": tier,
        "孵化阶段": stage,
        "上市培育库": np.where(listing, "是", "否"),
        "成立年份": founded.astype(str),
    })


def _foreign_names(region: pl.Series, rng: np.random.Generator, names_en: dict[str, str]) -> pl.Series:
    """Invented names for parties outside the mainland: Chinese for HK, Macao and Taiwan, English abroad."""
    n = len(region)
    zh = pl.Series(_names_zh(np.array([""] * n, dtype=object), rng.integers(0, 40_000, n)).astype(str))
    frame = pl.DataFrame({
        "region": region,
        "zh": zh,
        "word": pl.Series(WORDS_EN).gather(rng.integers(0, len(WORDS_EN), n)),
        "noun": pl.Series(NOUNS_EN).gather(rng.integers(0, len(NOUNS_EN), n)),
    })
    r = pl.col("region")
    return frame.select(
        pl.when(r == "810000").then("香港" + pl.col("zh"))
        .when(r == "820000").then("澳门" + pl.col("zh"))
        .when(r == "710000").then("台湾" + pl.col("zh"))
        .otherwise(pl.concat_str([r.replace_strict(names_en, default=r), pl.col("word"), pl.col("noun"),
                                  r.replace_strict(LEGAL, default="Ltd.")], separator=" "))
    ).to_series()


class Parties:
    """The enterprises of each mainland region, as offsets into the enterprise table."""

    def __init__(self, geo: Geography, ent: pl.DataFrame):
        spans = ent.with_row_index("i").group_by("所在地区", maintain_order=True).agg(pl.col("i").min().alias("start"),
                                                                                  pl.len().alias("count"))
        span = {r[0]: (r[1], r[2]) for r in spans.iter_rows()}
        self.start = np.array([span.get(c, (0, 0))[0] for c in geo.region_codes], dtype=np.int64)
        self.count = np.array([span.get(c, (0, 0))[1] for c in geo.region_codes], dtype=np.int64)
        self.ids = ent["统一社会信用代码"]
        self.names = ent["企业名称"]

    def pick(self, region_idx: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(enterprise row, is a mainland enterprise): a few very active enterprises per region (Zipf-like)."""
        count = self.count[region_idx]
        row = self.start[region_idx] + np.floor(count * rng.random(len(region_idx)) ** 3).astype(np.int64)
        return row, count > 0


def _fields(year: int, seller_gba: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(seller_gba)
    top = np.array(list(FIELDS))[rng.choice(len(FIELDS), size=n, p=np.array(list(FIELDS.values())) / sum(FIELDS.values()))]
    t = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    u = rng.random(n)
    out = top.astype(object)
    ei = top == "electronic_info"
    for table, mask in ((SUBFIELDS_GBA, seller_gba), (SUBFIELDS_ELSEWHERE, ~seller_gba)):
        edge = 0.0
        for code, (start, end) in table.items():
            p = start + (end - start) * t
            pick = ei & mask & (u >= edge) & (u < edge + p)
            out[pick] = code
            edge += p
    for parent, (child, p) in OTHER_SUBFIELDS.items():
        out[(top == parent) & (u < p)] = child
    return out


def _dates(year: int, n: int, rng: np.random.Generator) -> np.ndarray:
    month = rng.choice(12, size=n, p=MONTH_WEIGHTS / MONTH_WEIGHTS.sum()) + 1
    start = np.array([np.datetime64(f"{year}-{m:02d}-01") for m in range(1, 13)] + [np.datetime64(f"{year + 1}-01-01")])
    length = (start[1:] - start[:-1]).astype(int)
    day = np.floor(rng.random(n) * length[month - 1]).astype(int)
    return start[month - 1] + day.astype("timedelta64[D]")


def make_contracts_for_year(year: int, n: int, geo: Geography, targets: pl.DataFrame, avg_value: float, ent: pl.DataFrame,
                            fx: pl.DataFrame, rng: np.random.Generator, names_en: dict[str, str], forms: RegistryForms,
                            first: int = 0) -> pl.DataFrame:
    """n contracts of `year`, calibrated to its published shares, numbered from `first` (a year may be
    made in several parts, each calibrated alike)."""
    k = len(geo.codes)

    def marginal(direction: str, measure: str) -> np.ndarray:
        t = targets.filter((pl.col("year") == year) & (pl.col("direction") == direction) & (pl.col("measure") == measure))
        v = np.zeros(k)
        for g, s in t.select("geo_code", "share").iter_rows():
            if g in geo.index:
                v[geo.index[g]] = s
        return v / v.sum()

    count_out, count_abs = marginal("output", "tech_market_contracts_count"), marginal("absorb", "tech_market_contracts_count")
    value_out, value_abs = marginal("output", "tech_market_contract_value"), marginal("absorb", "tech_market_contract_value")
    cells = ipf(geo.seed_matrix(), count_out * n, count_abs * n)
    counts = np.zeros((k, k), dtype=np.int64)
    for i, row_total in enumerate(largest_remainder(count_out, n)):
        counts[i] = largest_remainder(cells[i], int(row_total))
    seller_geo = np.repeat(np.arange(k), counts.sum(axis=1))
    buyer_geo = np.concatenate([np.repeat(np.arange(k), counts[i]) for i in range(k)])
    order = rng.permutation(n)
    seller_geo, buyer_geo = seller_geo[order], buyer_geo[order]

    type_codes = list(TYPES)
    type_idx = rng.choice(len(TYPES), size=n, p=[p for p, _ in TYPES.values()])
    raw = rng.lognormal(0.0, AMOUNT_SIGMA, n) * np.array([f for _, f in TYPES.values()])[type_idx]
    total = avg_value * n
    amounts = fit_amounts(raw, seller_geo, buyer_geo, value_out * total, value_abs * total)

    parties = Parties(geo, ent)
    region_codes = pl.Series(geo.region_codes)
    sides: dict[str, dict[str, Any]] = {}
    for side, geo_idx in (("seller", seller_geo), ("buyer", buyer_geo)):
        region_idx = geo.pick_regions(geo_idx, rng)
        row, mainland = parties.pick(region_idx, rng)
        region = region_codes.gather(region_idx)
        outside = ~mainland
        name = parties.names.gather(np.where(mainland, row, 0)).to_numpy().astype(object)
        name[outside] = _foreign_names(region.filter(pl.Series(outside)), rng, names_en).to_numpy()
        sides[side] = {
            "region": region,
            "id": pl.Series(parties.ids.gather(np.where(mainland, row, 0)).to_numpy().astype(object)),
            "name": pl.Series(name.astype(str)),
            "outside": outside,
        }
        sides[side]["id"] = pl.select(pl.when(pl.lit(pl.Series(outside))).then(pl.lit("")).otherwise(pl.lit(sides[side]["id"]))).to_series()
    s_out, b_out = sides["seller"]["outside"], sides["buyer"]["outside"]
    seller_region = sides["seller"]["region"].to_numpy()
    buyer_region = sides["buyer"]["region"].to_numpy()

    # Currency: a party outside the mainland signs in its own currency (CLDR's for its territory) when
    # the ECB publishes a rate for it, else mostly in USD; the rest in CNY. Converted at the signing day's rate.
    party = np.where(s_out, seller_region, np.where(b_out, buyer_region, "")).astype(str)
    u = rng.random(n)
    local = forms.local_currencies(party, year)
    currency = np.where((party != "") & (u < 0.6), np.where(local != "", local, "USD"), "CNY").astype(str)
    dates = _dates(year, n, rng)
    rate = forms.rates(currency, dates, fx)
    original = np.round(amounts / rate, 2)
    in_wan = rng.random(n) < 0.3
    has_tech = rng.random(n) < 0.7
    tech = np.floor(original * rng.uniform(0.5, 1.0, n) * 100) / 100
    style = rng.random(n)
    seller_gba = sides["seller"]["region"].replace_strict(geo.bloc, default="").to_numpy() == "GBA"
    fields = _fields(year, seller_gba, rng)
    type_names = pl.Series([TYPE_ZH[t] for t in type_codes]).gather(type_idx)
    registry = forms.registry_fields(np.array(type_codes)[type_idx], rng)
    # Some sellers are universities and research institutes (credit codes of public institutions, 12...).
    academic = (~s_out) & (rng.random(n) < np.where(np.isin(np.array(type_codes)[type_idx], ["transfer", "licensing"]), 0.30, 0.08))
    seller_name, seller_id, seller_kind = forms.academic_sellers(sides["seller"], academic, rng)

    def money(values: np.ndarray) -> pl.Expr:
        """Exact text from whole cents: yuan with 2 decimals, or 万元 with 6."""
        cents = pl.lit(np.round(values * 100).astype(np.int64))

        def fixed(div: int, width: int) -> pl.Expr:
            return pl.concat_str((cents // div).cast(pl.String), pl.lit("."), (cents % div).cast(pl.String).str.zfill(width))

        return pl.when(pl.col("_wan")).then(fixed(1_000_000, 6)).otherwise(fixed(100, 2))

    d = pl.col("_date")
    return pl.DataFrame({"_date": dates, "_style": style, "_wan": in_wan, "_tech": has_tech}).select(
        pl.concat_str(pl.lit(f"DEMO{year}"), pl.int_range(first, first + n).cast(pl.String).str.zfill(8)).alias("合同编号"),
        pl.when(pl.col("_style") < 0.1).then(d.dt.strftime("%Y/%-m/%-d"))
        .when(pl.col("_style") < 0.15).then(d.dt.strftime("%Y年%-m月%-d日"))
        .otherwise(d.dt.strftime("%Y-%m-%d")).alias("签订日期"),
        # The type as a registry writes it: the subtype in the type column for some rows, the bare type for others.
        pl.when(pl.lit(registry["subtype_in_type"])).then(pl.lit(registry["subtype_name"])).otherwise(pl.lit(type_names)).alias("合同类别"),
        pl.when(pl.lit(registry["subtype_in_type"])).then(pl.lit("")).otherwise(pl.lit(registry["subtype_name"])).alias("合同子类"),
        pl.lit(registry["ip_name"]).alias("知识产权类型"),
        pl.lit(fields.astype(str)).alias("技术领域"),
        pl.lit(seller_name).alias("卖方名称"),
        pl.lit(seller_id).alias("卖方统一社会信用代码"),
        pl.lit(forms.place(sides["seller"]["region"], rng)).alias("卖方所在地"),
        pl.lit(seller_kind).alias("卖方类型"),
        pl.lit(sides["buyer"]["name"]).alias("买方名称"),
        pl.lit(sides["buyer"]["id"]).alias("买方统一社会信用代码"),
        pl.lit(forms.place(sides["buyer"]["region"], rng)).alias("买方所在地"),
        money(original).alias("成交金额"),
        pl.lit(forms.currency_name(currency, rng)).alias("币种"),
        pl.when(pl.col("_wan")).then(pl.lit("万元")).otherwise(pl.lit("元")).alias("金额单位"),
        pl.when(pl.col("_tech")).then(money(tech)).otherwise(pl.lit("")).alias("技术交易额"),
        (d + pl.duration(days=pl.lit(rng.integers(0, 30, n)))).dt.strftime("%Y-%m-%d").alias("登记日期"),
        pl.lit(registry["registry"]).alias("登记机构"),
    )
