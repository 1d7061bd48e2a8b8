"""The peer the ETL is measured against: pandas + SQLite doing the same checks on the same file, with the
same vocabularies (places through the same resolver, once per distinct value; currencies and types by
name; daily rates by signing date). Run by `python -m bench` as

    python -m bench.pandas_peer FILE.csv OUT.sqlite ROWS

and prints "seconds rows accepted"."""

import re
import sqlite3
import sys
import time

import pandas as pd

from etl.dimensions import AMBIGUOUS, currency_map, read_dimension
from etl.places import places
from etl.reference import daily_rates
from etl.text import key_text


def date(text: str):
    text = re.sub(r"[年月/.]", "-", text).replace("日", "")
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def main(path: str, db: str, limit: int) -> None:
    t = time.perf_counter()
    # The same vocabularies as the ETL: places through the same resolver (once per distinct value), currencies by
    # name, types by name or subtype, daily rates by signing date.
    gazetteer, currencies = places(), currency_map()
    rates = daily_rates().to_pandas().rename(columns={"rate_date": "day"})
    rates["day"] = pd.to_datetime(rates["day"]).astype("datetime64[ns]")
    rates["cny_per_unit"] = rates["cny_per_unit"].astype(float)
    rates = rates.sort_values("day")
    types = {key_text(r["name_zh"]): r["type_code"] for r in read_dimension("contract_types").iter_rows(named=True)}
    subtypes = read_dimension("contract_subtypes")
    types |= {key_text(r["name_zh"]): r["type_code"] for r in subtypes.iter_rows(named=True)}
    fields = read_dimension("tech_fields")
    field_map = {**dict(zip(fields["name_zh"], fields["field_code"], strict=True)), **{c: c for c in fields["field_code"]}}
    df = pd.read_csv(path, encoding="utf-8", dtype=str, keep_default_na=False, nrows=limit)

    def region(column):
        distinct = {v: gazetteer.resolve(v).region for v in df[column].unique()}
        return df[column].map(distinct)

    df["signed"] = df["签订日期"].map(date).astype("datetime64[ns]")
    df["type"] = df["合同类别"].map(lambda v: types.get(key_text(v)))
    df["field"] = df["技术领域"].map(field_map)
    df["seller_region"], df["buyer_region"] = region("卖方所在地"), region("买方所在地")
    units = {"元": 1, "万元": 1e4, "亿元": 1e8}
    df["amount"] = pd.to_numeric(df["成交金额"].str.replace(",", ""), errors="coerce") * df["金额单位"].map(units)
    df["currency"] = df["币种"].map(lambda v: currencies.get(key_text(v)))
    df["_i"] = range(len(df))
    dated = df[df["signed"].notna()].sort_values("signed")
    joined = pd.merge_asof(dated, rates, left_on="signed", right_on="day", by="currency", direction="backward")
    df["rate"] = joined.set_index("_i")["cny_per_unit"].reindex(df["_i"]).to_numpy()
    df.loc[df["currency"] == "CNY", "rate"] = 1.0
    df["amount_cny"] = (df["amount"] * df["rate"]).round(2)
    ok = (df["合同编号"] != "") & df["signed"].notna() & df["type"].notna() & df["field"].notna() & df["seller_region"].notna() \
         & (df["seller_region"] != AMBIGUOUS) & df["buyer_region"].notna() & (df["buyer_region"] != AMBIGUOUS) & (df["amount"] >= 0) \
         & df["amount_cny"].notna()
    good = df[ok].drop_duplicates("合同编号")
    con = sqlite3.connect(db)
    con.execute("drop table if exists contracts")
    kept = ["合同编号", "signed", "type", "field", "卖方名称", "seller_region", "买方名称", "buyer_region", "amount_cny", "currency",
            "amount"]
    good[kept].astype(str).to_sql("contracts", con, index=False)
    df[~ok].astype(str).to_sql("rejects", con, index=False, if_exists="replace")
    con.commit()
    print(time.perf_counter() - t, len(df), int(ok.sum()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
