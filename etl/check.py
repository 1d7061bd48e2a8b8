"""The per-row checks as one pass in DuckDB's engine.

A file's rows are first staged as text, cell for cell (`raw_<n>`: c0, c1, …, a temporary table that
DuckDB spills to the build's temp directory beyond the load's memory limit; etl.load). Then one SQL
statement per million rows normalises and checks every row and writes `stg_contracts` /
`stg_enterprises` with the typed columns of the schema plus `reason_code` and `reason`; the rows with a
reason go to etl_rejects with their original cells as JSON. The checks, their order and their messages
are the ones the Polars ETL had, word for word (tests/test_golden.py).

Two kinds of work are kept out of the per-row SQL and done once per distinct value in Polars, then
joined back (tables `_m_<column>`):
- the vocabularies (dates, types, subtypes, IP types, party kinds, fields, currencies, units,
  registries) and places (etl.places): a registry file repeats a few thousand values over millions
  of rows;
- the rare cell of a many-valued column (contract numbers, names, credit codes, amounts) that is not
  in its plain form: NFKC normalisation (full-width characters and the like) has no SQL function, so
  a value is read by SQL only when its characters are ones NFKC leaves alone, and by etl.validate's
  Polars expressions otherwise (tables `_m_fb_text`, `_m_fb_amount`). Both paths give the same result;
  tests/test_golden.py holds them to the recorded one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import duckdb
import polars as pl

from etl import uscc, validate
from etl.dimensions import AMBIGUOUS, INCUBATION_STAGES, NO_STAGE, SME_TIERS, UNIT_MULTIPLIERS, currency_map, registry_vocabularies
from etl.places import places
from etl.text import clean_expr, key_expr, key_text

CHECK_ROWS = 1_000_000  # rows per checking statement: bounds the memory of one statement and paces progress

# Characters NFKC leaves as they are and that never combine with a neighbour: printable ASCII, tab and line
# breaks, CJK unified ideographs (and extension A), and common Chinese punctuation that has no compatibility
# form. A cell made only of these is its own NFKC form, so SQL can read it; any other cell is read in Polars.
_PUNCTUATION = "、。〈〉《》「」『』【】〔〕〖〗“”‘’·—–¥€"
_STABLE_PUNCTUATION = "".join(c for c in _PUNCTUATION
                              if unicodedata.normalize("NFKC", c) == c and not unicodedata.combining(c) and not c.isspace())
_VISIBLE = "\\x{21}-\\x{7E}\\x{3400}-\\x{4DBF}\\x{4E00}-\\x{9FFF}" + _STABLE_PUNCTUATION
STABLE = f"[ \\t\\n\\r{_VISIBLE}]*"
TIDY = f"(?:[{_VISIBLE}](?:[ \\t\\n\\r{_VISIBLE}]*[{_VISIBLE}])?)?"  # STABLE, and nothing to trim
ASCII_SPACE = " \t\n\r"  # what Polars' strip_chars() removes from a cell in the STABLE set
# Unicode's White_Space: what Polars' strip_chars() removes, so what makes a cell blank.
WHITE_SPACE_CODES = (9, 10, 11, 12, 13, 32, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
WHITE_SPACE = "[" + "".join(f"\\x{{{c:X}}}" for c in WHITE_SPACE_CODES) + "]*"
AMOUNT_UNITS = ("亿元", "亿", "万元", "万", "元")  # what etl.validate.parse_amount reads after a number, in its order
# An amount SQL reads: a plain number with at most 8 decimals (WORK's scale), thousands commas, a unit after it.
PURE_AMOUNT = "-?[0-9]+(?:\\.[0-9]{1,8})?"
PLAIN_AMOUNT = "[ \\t\\n\\r]*(?:(-?[0-9][0-9,]*(?:\\.[0-9]{1,8})?)(" + "|".join(AMOUNT_UNITS) + ")?)?[ \\t\\n\\r]*"
PLAIN_CODE = "[0-9A-Za-z \\t\\n\\r-]*"
CODE_FORMAT = uscc.FORMAT.strip("^$")


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """uscc_check(code): the GB 32100-2015 check character the first 17 characters of a well-formed code call for."""
    terms = " + ".join(f"(instr({lit(uscc.ALPHABET)}, code[{i + 1}]) - 1) * {w}" for i, w in enumerate(uscc.WEIGHTS))
    con.execute(f"create or replace temp macro uscc_check(code) as {lit(uscc.ALPHABET)}[((31 - ({terms}) % 31) % 31) + 1]")


class Raw:
    """A staged file: its table of text cells c0, c1, … and how its rows are numbered.

    Rows read by etl.readers carry their number (`row_number`; blank rows already dropped). Rows read by
    DuckDB's readers (CSV, Parquet) are numbered by their place in the table (rowid + `offset`), and a row
    of blank cells is still there: `keep` leaves it out, as etl.readers does."""

    def __init__(self, table: str, width: int, offset: int | None = None):
        self.table, self.width, self.offset = table, width, offset

    @property
    def row(self) -> str:
        return "r.row_number" if self.offset is None else f"(r.rowid + {self.offset})"

    @property
    def between(self) -> str:
        """The rows numbered $lo to $hi (a rowid range is read from the table without a scan)."""
        if self.offset is None:
            return "r.row_number between $lo and $hi"
        return f"r.rowid between $lo - {self.offset} and $hi - {self.offset}"

    @property
    def keep(self) -> str:
        if self.offset is None:
            return "true"
        return "not (" + " and ".join(f"not {_filled(f'r.c{i}')}" for i in range(self.width)) + ")"

    def raw_json(self, headers: list[str]) -> str:
        """The original row as JSON keyed by the file's own headers (an unnamed column as "column N", a
        repeated name as "name #2")."""
        seen: dict[str, int] = {}
        pairs = []
        for i, h in enumerate(headers):
            name = h or f"column {i + 1}"
            seen[name] = seen.get(name, 0) + 1
            pairs.append(f"{lit(name if seen[name] == 1 else f'{name} #{seen[name]}')}, r.c{i}")
        return f"json_object({', '.join(pairs)})"


class Columns:
    """A file's canonical columns in SQL ('' where the file lacks one) and in messages."""

    def __init__(self, raw: Raw, ctx: validate.Context):
        self.raw, self.ctx = raw, ctx
        self.table = raw.table

    def col(self, name: str) -> str:
        pos = self.ctx.header_map.positions.get(name)
        return f"r.c{pos}" if pos is not None else "''"

    def has(self, name: str) -> bool:
        return name in self.ctx.header_map.positions

    def label(self, name: str) -> str:
        return self.ctx.label(name)

    def distinct(self, con: duckdb.DuckDBPyConnection, *names: str, where: str = "true", blank: bool = True) -> pl.Series:
        """The distinct values (v) of these columns that meet `where`, and "" for a column the file lacks if `blank`."""
        parts = [f"select c{self.ctx.header_map.positions[n]} as v from {self.raw.table}" for n in names if self.has(n)]
        if blank and len(parts) < len(names):
            parts.append("select '' as v")
        if not parts:
            return pl.Series("v", [], pl.String)
        return con.sql(f"select distinct v from ({' union all '.join(parts)}) where {where}").pl()["v"].fill_null("")


def _map_table(con: duckdb.DuckDBPyConnection, name: str, values: pl.Series, compute: Callable[[pl.Expr], list[pl.Expr]]) -> str:
    """_m_<name>(v, …): `compute` of every distinct value, as a table to join on v."""
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String}).with_columns(compute(pl.col("v")))
    table = f"_m_{name}"
    con.register("_map_frame", frame.to_arrow())
    con.execute(f"create or replace temp table {table} as select * from _map_frame")
    con.unregister("_map_frame")
    return table


def _fallback_text(con: duckdb.DuckDBPyConnection, raw: Columns, texts: list[str], codes: list[str]) -> bool:
    """_m_fb_text(v, clean, code) for the cells SQL does not read: of the text columns, those not in the STABLE
    set; of the credit-code columns, those not PLAIN_CODE. Returns whether there are any."""
    values = pl.concat([raw.distinct(con, *names, where=f"not regexp_full_match(v, {lit(pattern)})", blank=False)
                        for names, pattern in ((texts, STABLE), (codes, PLAIN_CODE))]).unique()
    _map_table(con, "fb_text", values, lambda v: [clean_expr(v).alias("clean"), validate.clean_code(v).alias("code")])
    return values.len() > 0


def _fallback_amounts(con: duckdb.DuckDBPyConnection, raw: Columns, names: list[str]) -> bool:
    """_m_fb_amount(v, number, unit) for the amount cells that are not PLAIN_AMOUNT. Returns whether there are any."""
    values = raw.distinct(con, *names, where=f"not regexp_full_match(v, {lit(PLAIN_AMOUNT)})", blank=False)

    def compute(v: pl.Expr) -> list[pl.Expr]:
        number, unit = validate.parse_amount(v)
        return [number.alias("number"), unit.alias("unit")]

    _map_table(con, "fb_amount", values, compute)
    return values.len() > 0


def _region_table(con: duckdb.DuckDBPyConnection, values: pl.Series, mainland: dict[str, bool]) -> None:
    """_m_region(v, region, candidates, mainland, filled): each place as written, resolved by etl.places."""
    resolved = places().resolve_series(values)
    frame = pl.DataFrame({"v": values}).with_columns(resolved["region"], resolved["candidates"]).with_columns(
        pl.col("region").replace_strict(mainland, default=True, return_dtype=pl.Boolean).alias("mainland"),
        validate.filled(pl.col("v")).alias("filled"))
    con.register("_map_frame", frame.to_arrow())
    con.execute("create or replace temp table _m_region as select * from _map_frame")
    con.unregister("_map_frame")


def _clean(raw_sql: str, fallback: str | None) -> str:
    """The NFKC-normalised, trimmed cell."""
    trimmed = f"trim({raw_sql}, {lit(ASCII_SPACE)})"
    rest = f"when regexp_full_match({raw_sql}, {lit(STABLE)}) then {trimmed} else {fallback}.clean" if fallback else f"else {trimmed}"
    return f"case when regexp_full_match({raw_sql}, {lit(TIDY)}) then {raw_sql} {rest} end"


def _code(raw_sql: str, fallback: str | None) -> str:
    """A credit code cleaned: upper case, no spaces or hyphens."""
    fixed = f"upper(regexp_replace({raw_sql}, '[ \\t\\n\\r-]', '', 'g'))"
    rest = f"when regexp_full_match({raw_sql}, {lit(PLAIN_CODE)}) then {fixed} else {fallback}.code" if fallback else f"else {fixed}"
    return f"case when regexp_full_match({raw_sql}, {lit(CODE_FORMAT)}) then {raw_sql} {rest} end"


def _amount_form(raw_sql: str) -> str:
    """1: a bare number, 2: a plain amount (commas, a unit), 3: anything else (read in Polars)."""
    return (f"case when regexp_full_match({raw_sql}, {lit(PURE_AMOUNT)}) then 1 "
            f"when regexp_full_match({raw_sql}, {lit(PLAIN_AMOUNT)}) then 2 else 3 end")


def _amount(raw_sql: str, form: str, fallback: str | None) -> tuple[str, str]:
    """(number as DECIMAL(38,8), unit written after it) of an amount cell whose _amount_form is `form`."""
    anchored = lit("^" + PLAIN_AMOUNT + "$")
    plain_number = f"try_cast(replace(regexp_extract({raw_sql}, {anchored}, 1), ',', '') as decimal(38,8))"
    plain_unit = f"nullif(regexp_extract({raw_sql}, {anchored}, 2), '')"
    other_number, other_unit = (f"{fallback}.number", f"{fallback}.unit") if fallback else ("null", "null")
    return (f"case {form} when 1 then try_cast({raw_sql} as decimal(38,8)) when 2 then {plain_number} else {other_number} end",
            f"case {form} when 1 then null when 2 then {plain_unit} else {other_unit} end")


def _filled(raw_sql: str) -> str:
    """Whether a cell holds anything but white space (etl.validate.filled); the regex only for a cell that
    begins with a space."""
    codes = ", ".join(str(c) for c in WHITE_SPACE_CODES)
    return f"not ({raw_sql} = '' or (unicode({raw_sql}) in ({codes}) and regexp_full_match({raw_sql}, {lit(WHITE_SPACE)})))"


def _unit_multiplier(unit: str) -> int | None:
    return {key_text(k): v for k, v in UNIT_MULTIPLIERS.items()}.get(key_text(unit))


def _vocab(mapping: dict[str, str]) -> Callable[[pl.Expr], pl.Expr]:
    return lambda v: validate.lookup(key_expr(v), mapping)


class Checks:
    """(condition, code, message) in order: reason_code is the first that holds, reason all of them.
    The conditions become columns _k0, _k1, … (`flags()`), evaluated once a row."""

    def __init__(self, raw: Columns):
        self.raw = raw
        self.items: list[tuple[str, str, str]] = []

    def add(self, condition: str, code: str, column: str, value: str | None, expectation: str) -> None:
        """`value` and `expectation` are SQL; `expectation` usually a literal (see `lit`)."""
        label = self.raw.label(column)
        if value is None:
            message = f"{lit(f'{label} is empty; ')} || {expectation}"
        else:
            message = f"{lit(f'{label} ' + chr(39))} || left({value}, 80) || {lit(chr(39) + ' ')} || {expectation}"
        self.items.append((f"coalesce({condition}, false)", code, message))

    def region(self, column: str, filled: str, region: str, candidates: str, raw: str) -> None:
        """A place: missing, naming several regions (with each candidate), or unknown."""
        self.add(f"not {filled}", "missing_region", column, None, lit(f"expected {validate.REGION_HINT}"))
        self.add(f"{filled} and {region} = {lit(AMBIGUOUS)}", "ambiguous_region", column, raw,
                 f"'names more than one region: ' || {candidates} || '; write the province or city before it, or the six-digit code'")
        self.add(f"{filled} and {region} is null", "unknown_region", column, raw,
                 lit(f"is not a known region; expected {validate.REGION_HINT}"))

    def credit_code(self, column: str, code: str, well_formed: str, check_char: str, raw: str, required: bool) -> None:
        """A unified social credit code (the cleaned `code`): missing if required, malformed, or failing its check character."""
        if required:
            self.add(f"{code} = ''", "missing_credit_code", column, None, lit("expected an 18-character unified social credit code"))
        self.add(f"{code} <> '' and not {well_formed}", "bad_credit_code", column, raw,
                 lit("is not a unified social credit code: expected 18 characters, digits and capitals except I, O, Z, S, V, "
                     "with a six-digit division code in positions 3-8 (GB 32100-2015)"))
        self.add(f"{code} <> '' and {well_formed} and {code}[18] <> {check_char}", "bad_credit_code", column, raw,
                 lit("fails the GB 32100-2015 check digit (a typing error?)"))

    def flags(self) -> str:
        return ", ".join(f"{c} as _k{i}" for i, (c, _, _) in enumerate(self.items))

    def reason_code(self) -> str:
        return "coalesce(" + ", ".join(f"case when _k{i} then {lit(k)} end" for i, (_, k, _) in enumerate(self.items)) + ")"

    def reason(self) -> str:
        any_ = " or ".join(f"_k{i}" for i in range(len(self.items)))
        parts = ", ".join(f"case when _k{i} then {m} end" for i, (_, _, m) in enumerate(self.items))
        return f"case when {any_} then concat_ws(' | ', {parts}) end"


def _date_map(v: pl.Expr) -> list[pl.Expr]:
    return [validate.parse_date(v).alias("d"), validate.filled(v).alias("filled")]


def contracts_sql(con: duckdb.DuckDBPyConnection, staged: Raw, ctx: validate.Context, file_idx: int) -> str:
    """The SELECT that checks the staged rows numbered $lo to $hi."""
    raw = Columns(staged, ctx)
    vocab = registry_vocabularies()
    col = raw.col
    today, earliest = ctx.today.isoformat(), validate.EARLIEST_DATE.isoformat()

    # Vocabularies and places, once per distinct value.
    filled = validate.filled
    _map_table(con, "signed", raw.distinct(con, "signed_date"), _date_map)
    _map_table(con, "registered", raw.distinct(con, "registered_date"), _date_map)
    _map_table(con, "ctype", raw.distinct(con, "contract_type"), lambda v: [
        _vocab(ctx.lookups.types)(v).alias("written"), _vocab(vocab["subtypes"])(v).alias("subtype"), filled(v).alias("filled")])
    _map_table(con, "subtype", raw.distinct(con, "contract_subtype"), lambda v: [
        _vocab(vocab["subtypes"])(v).alias("written"), filled(v).alias("filled")])
    _map_table(con, "subtype_type", pl.Series(list(vocab["subtype_type"])), lambda v: [
        v.replace_strict(vocab["subtype_type"], default=None, return_dtype=pl.String).alias("type")])
    _map_table(con, "ip", raw.distinct(con, "ip_type"), lambda v: [
        _vocab(vocab["ip_types"])(v).alias("written"), filled(v).alias("filled")])
    _map_table(con, "kind", raw.distinct(con, "seller_kind", "buyer_kind"), lambda v: [
        _vocab(vocab["party_kinds"])(v).alias("written"), filled(v).alias("filled")])
    _map_table(con, "field", raw.distinct(con, "field"), lambda v: [_vocab(ctx.lookups.fields)(v).alias("code")])
    currencies = {k: v for k, v in currency_map().items() if v != AMBIGUOUS}
    _map_table(con, "currency", raw.distinct(con, "currency"), lambda v: [
        pl.when(~filled(v)).then(pl.lit("CNY")).otherwise(_vocab(currencies)(v)).alias("code")])
    _map_table(con, "unit", raw.distinct(con, "amount_unit"), lambda v: [
        clean_expr(v).alias("clean"), validate.unit_multiplier(clean_expr(v)).alias("multiplier")])
    _map_table(con, "registry", raw.distinct(con, "registry"), lambda v: [
        pl.when(filled(v)).then(clean_expr(v)).alias("clean")])
    mainland = ctx.lookups.mainland

    _region_table(con, raw.distinct(con, "seller_region", "buyer_region"), mainland)
    text_fb = "_m_fb_text" if _fallback_text(con, raw, ["contract_id", "seller_name", "buyer_name"], ["seller_id", "buyer_id"]) else None
    amount_fb = "_m_fb_amount" if _fallback_amounts(con, raw, ["amount", "tech_amount"]) else None
    # Each currency's rate for each signing day in the file: the last published on or before it.
    con.execute("""
        create or replace temp table _m_rate as
        select c.code as currency, d.d as signed_date, fx.rate_date, fx.cny_per_unit
        from (select distinct code from _m_currency where code is not null and code <> 'CNY') as c
        cross join (select distinct d from _m_signed where d is not null) as d
        asof left join (select rate_date, currency, cny_per_unit from fx_rates where rate_date is not null) as fx
            on c.code = fx.currency and d.d >= fx.rate_date
    """)

    header_unit = ctx.header_map.units.get("amount", "元")
    tech_header_unit = ctx.header_map.units.get("tech_amount", header_unit)
    unit_mult = {u: _unit_multiplier(u) for u in AMOUNT_UNITS}

    def in_value_multiplier(unit_sql: str) -> str:
        return "case " + " ".join(f"when {unit_sql} = {lit(u)} then {m}" for u, m in unit_mult.items() if m) + " end"

    def multiplier_of(written_unit: str, fallback_unit: str) -> str:
        m = _unit_multiplier(fallback_unit)
        return (f"case when {written_unit} is not null then {in_value_multiplier(written_unit)} "
                f"when _unit_column <> '' then _unit_column_multiplier else {m if m is not None else 'null'} end")

    def joins_for(column: str, alias: str, fallback: str | None) -> str:
        return f"left join {fallback} as {alias} on {alias}.v = {col(column)}" if fallback and raw.has(column) else ""

    number, unit_in_value = _amount(col("amount"), "r._amount_form", "fa" if amount_fb else None)
    tech_number, tech_unit = _amount(col("tech_amount"), "r._tech_form", "ft" if amount_fb else None)
    fb = {c: (f"f_{c}" if text_fb and raw.has(c) else None) for c in ("contract_id", "seller_name", "buyer_name", "seller_id", "buyer_id")}
    pre = f"""
        select {staged.row} as row_number, r.*, {_amount_form(col("amount"))} as _amount_form,
            {_amount_form(col("tech_amount"))} as _tech_form
        from {raw.table} as r
        where {staged.between} and {staged.keep}
    """
    parsed = f"""
        select r.row_number,
            {_clean(col("contract_id"), fb["contract_id"])} as contract_id,
            ms.d as signed_date,
            mt.written as _type_written,
            mt.subtype as _subtype_in_type,
            mst.written as _subtype_written,
            mip.written as ip_type,
            mip.filled as _ip_present,
            mst.filled as _subtype_present,
            mt.filled as _type_given,
            ms.filled as _date_filled,
            mr.filled as _registered_filled,
            mks.filled as _seller_kind_filled,
            mkb.filled as _buyer_kind_filled,
            mks.written as _seller_kind_written,
            mkb.written as _buyer_kind_written,
            mr.d as registered_date,
            mreg.clean as registry,
            mf.code as field_code,
            {_code(col("seller_id"), fb["seller_id"])} as _seller_code,
            {_code(col("buyer_id"), fb["buyer_id"])} as _buyer_code,
            {_clean(col("seller_name"), fb["seller_name"])} as seller_name,
            {_clean(col("buyer_name"), fb["buyer_name"])} as buyer_name,
            rs.region as seller_region, rs.candidates as _seller_candidates, rs.mainland as _seller_mainland,
            rs.filled as _seller_region_filled,
            rb.region as buyer_region, rb.candidates as _buyer_candidates, rb.mainland as _buyer_mainland,
            rb.filled as _buyer_region_filled,
            {number} as _number,
            {unit_in_value} as _unit_in_value,
            mu.clean as _unit_column,
            mu.multiplier as _unit_column_multiplier,
            {tech_number} as _tech_number,
            {tech_unit} as _tech_unit,
            {_filled(col("tech_amount"))} as _tech_present,
            not {_filled(col("amount"))} as _amount_empty,
            mc.code as currency,
            {", ".join(f"{col(c)} as _raw_{c}" for c in ("signed_date", "contract_type", "contract_subtype", "ip_type",
                                                          "seller_kind", "buyer_kind", "registered_date", "field",
                                                          "seller_region", "buyer_region", "seller_id", "buyer_id",
                                                          "amount", "tech_amount", "currency", "seller_name", "buyer_name"))}
        from pre as r
        left join _m_signed as ms on ms.v = {col("signed_date")}
        left join _m_registered as mr on mr.v = {col("registered_date")}
        left join _m_ctype as mt on mt.v = {col("contract_type")}
        left join _m_subtype as mst on mst.v = {col("contract_subtype")}
        left join _m_ip as mip on mip.v = {col("ip_type")}
        left join _m_kind as mks on mks.v = {col("seller_kind")}
        left join _m_kind as mkb on mkb.v = {col("buyer_kind")}
        left join _m_field as mf on mf.v = {col("field")}
        left join _m_currency as mc on mc.v = {col("currency")}
        left join _m_unit as mu on mu.v = {col("amount_unit")}
        left join _m_registry as mreg on mreg.v = {col("registry")}
        left join _m_region as rs on rs.v = {col("seller_region")}
        left join _m_region as rb on rb.v = {col("buyer_region")}
        {joins_for("amount", "fa", amount_fb)}
        {joins_for("tech_amount", "ft", amount_fb)}
        {" ".join(joins_for(c, a, text_fb) for c, a in fb.items() if a)}
    """

    def party_kind(side: str) -> tuple[str, str]:
        written, code = f"_{side}_kind_written", f"_{side}_code"
        well_formed = f"_{side}_well_formed"
        prefix = f"{code}[1:2]"
        by_name = (f"case when regexp_matches({side}_name, {lit(validate.UNIVERSITY_WORDS)}) then 'university' "
                   f"when regexp_matches({side}_name, {lit(validate.INSTITUTE_WORDS)}) then 'research_institute' else 'other' end")
        by_code = "case " + " ".join(f"when {prefix} = {lit(p)} then {lit(k)}" for p, k in validate.KIND_BY_CREDIT_CODE.items()) + \
            " else 'other' end"
        derived = f"case when not {well_formed} then null when {prefix} in ('12', '52') then {by_name} else {by_code} end"
        source = (f"case when {written} is not null then 'file' when not {well_formed} then null "
                  f"when {prefix} in ('12', '52') then 'credit_code_and_name' else 'credit_code' end")
        return f"coalesce({written}, {derived})", source

    sk, sks = party_kind("seller")
    bk, bks = party_kind("buyer")
    unit = f"coalesce(_unit_in_value, nullif(_unit_column, ''), {lit(header_unit)})"
    derived = f"""
        select p.*,
            coalesce(_subtype_written, _subtype_in_type) as contract_subtype,
            coalesce(_type_written, sst.type) as contract_type,
            sst.type as _subtype_type,
            case when _seller_well_formed then uscc_check(_seller_code) end as _seller_check,
            case when _buyer_well_formed then uscc_check(_buyer_code) end as _buyer_check,
            {unit} as _unit,
            {multiplier_of("_unit_in_value", header_unit)} as _multiplier,
            {multiplier_of("_tech_unit", tech_header_unit)} as _tech_multiplier,
            {in_value_multiplier("_unit_in_value")} as _unit_in_value_multiplier,
            {sk} as seller_kind, {sks} as seller_kind_source, {bk} as buyer_kind, {bks} as buyer_kind_source
        from (select *, regexp_full_match(_seller_code, {lit(CODE_FORMAT)}) as _seller_well_formed,
                  regexp_full_match(_buyer_code, {lit(CODE_FORMAT)}) as _buyer_well_formed from parsed) as p
        left join _m_subtype_type as sst on sst.v = coalesce(_subtype_written, _subtype_in_type)
    """
    # The checks, in etl.validate's order.
    checks = Checks(raw)
    checks.add("contract_id = ''", "missing_contract_id", "contract_id", None, lit("every contract needs its number (合同编号)"))
    checks.add("not _date_filled", "missing_date", "signed_date", None, lit(f"expected {validate.DATE_HINT}"))
    checks.add("_date_filled and signed_date is null", "bad_date", "signed_date", "_raw_signed_date",
               lit(f"is not a real date; expected {validate.DATE_HINT}"))
    checks.add(f"signed_date > date {lit(today)}", "future_date", "signed_date", "_raw_signed_date",
               lit(f"is in the future (today is {today})"))
    checks.add(f"signed_date < date {lit(earliest)}", "bad_date", "signed_date", "_raw_signed_date",
               lit(f"is before {earliest}; a typing error?"))
    checks.add("contract_type is null and (_type_given or not _subtype_present)", "unknown_type", "contract_type", "_raw_contract_type",
               lit(f"is not a contract type; expected {validate.TYPES_HINT}, or a registry subtype such as 技术开发（委托）"))
    checks.add("_subtype_present and _subtype_written is null", "unknown_subtype", "contract_subtype", "_raw_contract_subtype",
               lit(f"is not a contract subtype; expected {validate.SUBTYPE_HINT}"))
    checks.add("_type_written is not null and _subtype_type is not null and _subtype_type <> _type_written", "type_contradicts_subtype",
               "contract_subtype", "_raw_contract_subtype",
               lit("belongs to another contract type than the one in the type column; correct one of them"))
    checks.add("_ip_present and ip_type is null", "unknown_ip_type", "ip_type", "_raw_ip_type",
               lit(f"is not an intellectual-property type; expected {validate.IP_HINT}"))
    for side in ("seller", "buyer"):
        checks.add(f"_{side}_kind_filled and _{side}_kind_written is null", "unknown_party_kind", f"{side}_kind", f"_raw_{side}_kind",
                   lit(f"is not a kind of party; expected {validate.KIND_HINT}"))
    checks.add("_registered_filled and registered_date is null", "bad_date", "registered_date", "_raw_registered_date",
               lit(f"is not a real date; expected {validate.DATE_HINT}"))
    checks.add(f"field_code is null or field_code = {lit(AMBIGUOUS)}", "unknown_field", "field", "_raw_field",
               lit(f"is not a technology field; expected {validate.FIELDS_HINT}"))
    for side in ("seller", "buyer"):
        checks.add(f"{side}_name = ''", "missing_name", f"{side}_name", None, lit(f"expected the {side}'s name"))
    for side in ("seller", "buyer"):
        checks.region(f"{side}_region", f"_{side}_region_filled", f"{side}_region", f"_{side}_candidates", f"_raw_{side}_region")
    for side in ("seller", "buyer"):
        checks.credit_code(f"{side}_id", f"_{side}_code", f"_{side}_well_formed", f"_{side}_check", f"_raw_{side}_id", required=False)
    checks.add("_amount_empty", "missing_amount", "amount", None, lit("expected the contract value, e.g. 1,250,000 or 125万元"))
    checks.add("not _amount_empty and _number is null", "bad_amount", "amount", "_raw_amount",
               lit("is not a number; expected e.g. 1,250,000 or 125万元"))
    checks.add("_number < 0", "negative_amount", "amount", "_raw_amount", lit("is negative; a contract value cannot be"))
    checks.add("_multiplier is null", "bad_unit", "amount_unit", "_unit", lit("is not an amount unit; expected 元, 万元 or 亿元"))
    checks.add("_unit_in_value is not null and _unit_column <> '' and _unit_column_multiplier <> _unit_in_value_multiplier",
               "bad_unit", "amount", "_raw_amount", lit("carries a unit that contradicts the unit column; write one of them"))
    checks.add("_tech_present and _tech_number is null", "bad_amount", "tech_amount", "_raw_tech_amount", lit("is not a number"))
    checks.add("_tech_number < 0", "negative_amount", "tech_amount", "_raw_tech_amount", lit("is negative"))
    checks.add("currency is null", "unknown_currency", "currency", "_raw_currency",
               lit("is not a known currency; expected an ISO 4217 code or name such as 人民币/CNY, 美元/USD, 港元/HKD, 欧元/EUR, 日元/JPY "
                   "(see the table currencies)"))
    checks.add("currency is not null and currency <> 'CNY' and signed_date is not null and _rate is null", "no_fx_rate", "currency",
               "currency || ' ' || signed_date::varchar",
               f"case when rate_date is null then 'has no exchange rate in fx_rates on or before that date' "
               f"else 'has no exchange rate in fx_rates within {validate.FX_STALE_DAYS} days before that date (the last is of ' "
               f"|| rate_date::varchar || ')' end || '; add the rate or convert the amount to CNY'")
    checks.add("not _amount_empty and _number is not null and amount_original is null", "bad_amount", "amount", "_raw_amount",
               lit("is too large for the register (at most 9,999,999,999,999,999.99)"))
    checks.add("tech_amount_cny > amount_cny", "tech_exceeds_amount", "tech_amount", "_raw_tech_amount",
               lit("is larger than the contract value; 技术交易额 is the technology part of 成交金额"))

    def money(number_sql: str, multiplier_sql: str) -> str:
        # A number of 10^16 or more cannot fit the register whatever its unit (and would overflow the product).
        return (f"case when abs({number_sql}) < 10000000000000000::decimal(38,8) "
                f"then try_cast(round_even({number_sql} * {multiplier_sql}, 2) as decimal(18,2)) end")

    def converted(original: str) -> str:
        return f"try_cast(round_even({original}::decimal(38,2) * _rate::decimal(38,8), 2) as decimal(18,2))"

    return f"""
        with pre as ({pre}),
        parsed as ({parsed}),
        derived as ({derived}),
        valued as (
            select d.*,
                case when _seller_code <> '' then _seller_code end as seller_id,
                case when _buyer_code <> '' then _buyer_code end as buyer_id,
                {money("_number", "_multiplier")} as amount_original,
                case when _tech_present then {money("_tech_number", "_tech_multiplier")} end as tech_original
            from derived as d
        ),
        rated as (
            select v.*, fx.rate_date,
                case when v.currency = 'CNY' then 1::decimal(18,8)
                     when not (fx.rate_date < v.signed_date - interval {validate.FX_STALE_DAYS} day) then fx.cny_per_unit end as _rate
            from valued as v
            left join _m_rate as fx on fx.currency = v.currency and fx.signed_date = v.signed_date
        ),
        converted as (
            select *, {converted("amount_original")} as amount_cny, {converted("tech_original")} as tech_amount_cny from rated
        ),
        flagged as (select *, {checks.flags()} from converted)
        select {file_idx}::integer as file_idx, row_number, contract_id, signed_date, contract_type, field_code, seller_id, seller_name,
            seller_region, buyer_id, buyer_name, buyer_region, amount_cny, tech_amount_cny, currency, amount_original,
            not (coalesce(_seller_mainland, true) and coalesce(_buyer_mainland, true)) as is_cross_border,
            contract_subtype, ip_type, seller_kind, seller_kind_source, buyer_kind, buyer_kind_source, registered_date, registry,
            {checks.reason_code()} as reason_code, {checks.reason()} as reason
        from flagged
    """


def enterprises_sql(con: duckdb.DuckDBPyConnection, staged: Raw, ctx: validate.Context, file_idx: int) -> str:
    raw = Columns(staged, ctx)
    col = raw.col

    def flag(v: pl.Expr) -> list[pl.Expr]:
        return [validate.flag_expr(v).alias("value")]

    _map_table(con, "high_tech", raw.distinct(con, "is_high_tech"), flag)
    _map_table(con, "listing", raw.distinct(con, "in_listing_pool"), flag)
    _map_table(con, "tier", raw.distinct(con, "sme_tier"), lambda v: [
        key_expr(v).replace_strict({key_text(k): t for k, t in SME_TIERS.items()}, default=None, return_dtype=pl.String).alias("tier")])
    _map_table(con, "stage", raw.distinct(con, "incubation_stage"), lambda v: [
        key_expr(v).replace_strict({key_text(k): s for k, s in INCUBATION_STAGES.items()}, default=None,
                                   return_dtype=pl.String).alias("stage"),
        key_expr(v).is_in([key_text(s) for s in NO_STAGE]).alias("no_stage")])
    _map_table(con, "year", raw.distinct(con, "founded_year"), lambda v: [
        (clean_expr(v) != "").alias("present"), clean_expr(v).str.extract(r"^(\d{4})", 1).cast(pl.Int16, strict=False).alias("year")])
    _map_table(con, "industry", raw.distinct(con, "industry"), lambda v: [pl.when(validate.filled(v)).then(clean_expr(v)).alias("clean")])
    _region_table(con, raw.distinct(con, "region"), ctx.lookups.mainland)
    text_fb = _fallback_text(con, raw, ["name"], ["enterprise_id"])
    fb = {c: (f"f_{c}" if text_fb and raw.has(c) else None) for c in ("enterprise_id", "name")}
    fallback_joins = " ".join(f"left join _m_fb_text as {a} on {a}.v = {col(c)}" for c, a in fb.items() if a)
    parsed = f"""
        select {staged.row} as row_number,
            {_code(col("enterprise_id"), fb["enterprise_id"])} as _code,
            {_clean(col("name"), fb["name"])} as name,
            mr.region as region_code, mr.candidates as _candidates, mr.filled as _region_filled,
            mi.clean as industry, mh.value as is_high_tech, ml.value as in_listing_pool, mt.tier as sme_tier,
            ms.stage as incubation_stage, ms.no_stage as _no_stage, my.present as _year_present, my.year as founded_year,
            {", ".join(f"{col(c)} as _raw_{c}" for c in ("enterprise_id", "region", "is_high_tech", "in_listing_pool", "sme_tier",
                                                          "incubation_stage", "founded_year"))}
        from {raw.table} as r
        left join _m_region as mr on mr.v = {col("region")}
        left join _m_industry as mi on mi.v = {col("industry")}
        left join _m_high_tech as mh on mh.v = {col("is_high_tech")}
        left join _m_listing as ml on ml.v = {col("in_listing_pool")}
        left join _m_tier as mt on mt.v = {col("sme_tier")}
        left join _m_stage as ms on ms.v = {col("incubation_stage")}
        left join _m_year as my on my.v = {col("founded_year")}
        {fallback_joins}
        where {staged.between} and {staged.keep}
    """
    checks = Checks(raw)
    checks.credit_code("enterprise_id", "_code", "_well_formed", "uscc_check(_code)", "_raw_enterprise_id", required=True)
    checks.add("name = ''", "missing_name", "name", None, lit("expected the enterprise's name"))
    checks.region("region", "_region_filled", "region_code", "_candidates", "_raw_region")
    for name in ("is_high_tech", "in_listing_pool"):
        checks.add(f"{name} is null", "bad_flag", name, f"_raw_{name}",
                   lit("is not a yes/no value; expected 是/否, Y/N, yes/no, true/false or 1/0"))
    checks.add("sme_tier is null", "bad_sme_tier", "sme_tier", "_raw_sme_tier",
               lit("is not an SME tier; expected 创新型中小企业, 专精特新中小企业, 专精特新“小巨人” or blank/无"))
    checks.add("not _no_stage and incubation_stage is null", "bad_incubation_stage", "incubation_stage", "_raw_incubation_stage",
               lit("is not an incubation stage; expected 科创苗圃, 孵化器, 加速器, 创新集群 or blank"))
    checks.add(f"_year_present and (founded_year is null or founded_year < 1900 or founded_year > {ctx.today.year})", "bad_year",
               "founded_year", "_raw_founded_year", lit(f"is not a year between 1900 and {ctx.today.year}"))
    return f"""
        with parsed as ({parsed}),
        flagged as (select *, {checks.flags()} from (select *, regexp_full_match(_code, {lit(CODE_FORMAT)}) as _well_formed from parsed))
        select {file_idx}::integer as file_idx, row_number, case when _code <> '' then _code end as enterprise_id, name, region_code,
            industry, is_high_tech, sme_tier, incubation_stage, in_listing_pool, founded_year,
            {checks.reason_code()} as reason_code, {checks.reason()} as reason
        from flagged
    """


SQL_BUILDERS = {"contracts": contracts_sql, "enterprises": enterprises_sql}
