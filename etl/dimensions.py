"""The shipped dimensions (data/dimensions/*.csv) and the lookups built from them.

Lookups map a normalised key (see etl.text) to a code. A key that two codes would both claim is
marked AMBIGUOUS instead of silently picking one. Places are resolved by etl.places, which uses these
lookups and the division gazetteer: a place name several regions share (Taizhou is 泰州 in Jiangsu and
台州 in Zhejiang; 鼓楼区 is in four cities) is refused with every candidate named.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from etl.text import key_text, region_key_text
from techmarket.settings import DATA_DIR

DIMENSIONS_DIR = DATA_DIR / "dimensions"
AMBIGUOUS = "?"

UNIT_MULTIPLIERS = {
    "元": 1, "yuan": 1, "1": 1, "个": 1, "units": 1, "unit": 1,
    "万元": 10_000, "万": 10_000, "10k": 10_000, "10000": 10_000, "tenthousand": 10_000, "10kyuan": 10_000,
    "亿元": 100_000_000, "亿": 100_000_000, "100m": 100_000_000, "100000000": 100_000_000, "100myuan": 100_000_000,
}

FLAGS = {
    "是": True, "y": True, "yes": True, "true": True, "1": True, "t": True, "√": True, "有": True,
    "否": False, "n": False, "no": False, "false": False, "0": False, "f": False, "无": False, "不是": False,
}

SME_TIERS = {
    "": "none", "无": "none", "否": "none", "none": "none", "no": "none", "非": "none",
    "创新型中小企业": "innovative", "创新型": "innovative", "innovative": "innovative", "innovativesme": "innovative",
    "专精特新中小企业": "specialized", "专精特新": "specialized", "specialized": "specialized",
    "specialised": "specialized", "specializedsme": "specialized",
    "专精特新小巨人": "little_giant", "专精特新小巨人企业": "little_giant", "小巨人": "little_giant",
    "littlegiant": "little_giant", "国家级专精特新小巨人": "little_giant",
}

INCUBATION_STAGES = {
    "科创苗圃": "seedbed", "苗圃": "seedbed", "seedbed": "seedbed",
    "孵化器": "incubator", "孵化": "incubator", "incubator": "incubator",
    "加速器": "accelerator", "加速": "accelerator", "accelerator": "accelerator",
    "创新集群": "cluster", "集群": "cluster", "cluster": "cluster",
}
NO_STAGE = {"", "无", "否", "none", "no", "非"}


def read_dimension(name: str, directory: Path = DIMENSIONS_DIR) -> pl.DataFrame:
    return pl.read_csv(directory / f"{name}.csv", infer_schema=False)


# Entries of ISO 3166 that are China's own regions in regions.csv (or China itself), not partners abroad.
CHINESE_ISO = ("CN", "HK", "MO", "TW")


@cache
def read_regions(directory: Path = DIMENSIONS_DIR) -> pl.DataFrame:
    """Every region, as text: China's from regions.csv, then every other ISO 3166 country from
    countries.csv (bloc OVERSEAS, its UN M49 sub-region, its capital as the point)."""
    china = read_dimension("regions", directory).with_columns(
        pl.lit(None, pl.String).alias("world_region_code"), pl.lit(None, pl.String).alias("world_region_zh"),
        pl.lit(None, pl.String).alias("world_region_en"))
    world = read_dimension("countries", directory).filter(~pl.col("alpha2").is_in(CHINESE_ISO)).select(
        pl.col("alpha2").alias("region_code"), "name_zh", "name_en", pl.lit("country").alias("level"),
        pl.lit(None, pl.String).alias("parent_code"), pl.lit(None, pl.String).alias("province_code"),
        pl.lit("OVERSEAS").alias("bloc"), pl.lit("false").alias("is_mainland"), "lat", "lon",
        pl.col("alpha3").alias("aliases"),
        pl.col("m49_region").alias("world_region_code"), pl.col("region_zh").alias("world_region_zh"),
        pl.col("region_en").alias("world_region_en"),
    )
    return pl.concat([china, world])


def _aliases(row: dict) -> list[str]:
    extra = [a for a in (row.get("aliases") or "").split("|") if a]
    return [row[k] for k in ("name_zh", "name_en") if row.get(k)] + extra


def _build(pairs: list[tuple[str, str]], derived: list[tuple[str, str]] | tuple[()] = ()) -> dict[str, str]:
    """key -> code, with keys claimed by two codes marked ambiguous. Keys written in the dimension
    file come first; a derived key only fills a gap (explicit "Suzhou" is 苏州 even though
    "Suzhou (Anhui)" also yields "suzhou"), and two derived claims make it ambiguous."""

    def fold(items: list[tuple[str, str]], into: dict[str, str], frozen: set[str]) -> None:
        for key, code in items:
            if not key or key in frozen:
                continue
            into[key] = AMBIGUOUS if key in into and into[key] != code else code

    out: dict[str, str] = {}
    fold(pairs, out, set())
    fold(list(derived), out, set(out))
    return out


@dataclass(frozen=True)
class Lookups:
    regions: dict[str, str]
    mainland: dict[str, bool]
    fields: dict[str, str]
    types: dict[str, str]
    ambiguous_regions: dict[str, str]  # key -> "泰州 (Jiangsu, 321200) or 台州 (...)"


def region_alias_rows(directory: Path = DIMENSIONS_DIR) -> list[tuple[str, str, str, bool]]:
    """(key, alias as written, region_code, derived) for every accepted form of every region."""
    rows = []
    for r in read_regions(directory).iter_rows(named=True):
        forms = [r["region_code"], *_aliases(r)]
        rows += [(region_key_text(f), f, r["region_code"], False) for f in forms]
        # "Taizhou (Jiangsu)" is also reachable as bare "Taizhou", which then becomes ambiguous.
        rows += [(region_key_text(f.split(" (")[0]), f.split(" (")[0], r["region_code"], True) for f in forms if " (" in f]
    return rows


@cache
def lookups(directory: Path = DIMENSIONS_DIR) -> Lookups:
    regions = read_regions(directory)
    alias_rows = region_alias_rows(directory)
    region_map = _build([(k, c) for k, _, c, d in alias_rows if not d], [(k, c) for k, _, c, d in alias_rows if d])
    names = {r["region_code"]: f"{r['name_zh']} ({r['name_en']}, {r['region_code']})" for r in regions.iter_rows(named=True)}
    ambiguous = {
        k: " or ".join(sorted({names[c] for kk, _, c, _ in alias_rows if kk == k}))
        for k, v in region_map.items() if v == AMBIGUOUS
    }
    fields = read_dimension("tech_fields", directory)
    types = read_dimension("contract_types", directory)
    return Lookups(
        regions=region_map,
        mainland={r["region_code"]: r["is_mainland"] == "true" for r in regions.iter_rows(named=True)},
        fields=_build([(key_text(a), r["field_code"]) for r in fields.iter_rows(named=True) for a in [r["field_code"], *_aliases(r)]]),
        types=_build([(key_text(a), r["type_code"]) for r in types.iter_rows(named=True) for a in [r["type_code"], *_aliases(r)]]),
        ambiguous_regions=ambiguous,
    )


@cache
def currency_map(directory: Path = DIMENSIONS_DIR) -> dict[str, str]:
    """Every ISO 4217 code, Chinese and English name and unshared symbol (currencies.csv) -> code."""
    current: list[tuple[str, str]] = []
    former: list[tuple[str, str]] = []  # a withdrawn currency (TRL) never takes a name from a current one (TRY)
    for r in read_dimension("currencies", directory).iter_rows(named=True):
        forms = [r["currency"], *(r[k] or "" for k in ("names_zh", "names_en", "symbols"))]
        (current if r["numeric"] else former).extend((key_text(f), r["currency"]) for form in forms for f in form.split("|") if f)
    return _build(current, former)


def _vocabulary(name: str, code_column: str, directory: Path) -> dict[str, str]:
    rows = read_dimension(name, directory).iter_rows(named=True)
    return _build([(key_text(a), r[code_column]) for r in rows for a in [r[code_column], *_aliases(r)]])


@cache
def registry_vocabularies(directory: Path = DIMENSIONS_DIR) -> dict[str, dict[str, str]]:
    """key -> code for contract subtypes, IP types and party kinds; and subtype -> its type."""
    subtypes = read_dimension("contract_subtypes", directory)
    return {
        "subtypes": _vocabulary("contract_subtypes", "subtype_code", directory),
        "subtype_type": dict(zip(subtypes["subtype_code"], subtypes["type_code"], strict=True)),
        "ip_types": _vocabulary("ip_types", "ip_type", directory),
        "party_kinds": _vocabulary("party_kinds", "kind", directory),
    }
