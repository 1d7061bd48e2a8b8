"""The analysts' schema, declared once as data.

Each table lists its columns with type, constraint and a bilingual description; `create_schema`
turns that into DDL plus `COMMENT ON` statements, so the data dictionary that analysts browse
(`duckdb_columns()`, the SQL page, the data page) is the same text as this file. Table and column
names are a contract (../shared/DESIGN.md): add, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

MONEY = "DECIMAL(18,2)"

BLOCS = ("GBA", "YRD", "OTHER_CN", "OVERSEAS")
LEVELS = ("country", "province", "city")
CONTRACT_TYPES = ("development", "transfer", "licensing", "consulting", "service")
SME_TIERS = ("none", "innovative", "specialized", "little_giant")
INCUBATION_STAGES = ("seedbed", "incubator", "accelerator", "cluster")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"CHECK ({column} IN ({', '.join(repr(v) for v in values)}))"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    zh: str
    en: str
    constraint: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    table_constraints: tuple[str, ...] = field(default=())

    def ddl(self) -> str:
        parts = [f"    {c.name} {c.type} {c.constraint}".rstrip() for c in self.columns]
        parts += [f"    {t}" for t in self.table_constraints]
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(parts) + "\n)"

    @property
    def comment(self) -> str:
        return f"{self.zh} / {self.en}"


C = Column

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        "地区维度：大湾区城市、长三角城市、其他省份、港澳台及境外经济体",
        "Regions: GBA and YRD cities, other provinces, Hong Kong, Macao, Taiwan and foreign economies",
        (
            C("region_code", "VARCHAR", "地区代码：中国地区为GB/T 2260六位行政区划代码，境外为ISO 3166-1二位字母代码",
              "Region code: GB/T 2260 six-digit code for Chinese regions, ISO 3166-1 alpha-2 abroad", "PRIMARY KEY"),
            C("name_zh", "VARCHAR", "中文名称", "Chinese name", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名称", "English name", "NOT NULL UNIQUE"),
            C("level", "VARCHAR", "层级：country国家 / province省级 / city地级市", "Level: country, province or city",
              "NOT NULL " + _in("level", LEVELS)),
            C("parent_code", "VARCHAR", "上级地区代码（城市所属省份）", "Parent region code (a city's province)"),
            C("province_code", "VARCHAR", "所属省级单位代码（境外为空），用于与年鉴分省数据对照",
              "Province-level unit (empty abroad), for comparison with the yearbook's province tables"),
            C("bloc", "VARCHAR", "板块：GBA粤港澳大湾区 / YRD长三角 / OTHER_CN国内其他地区 / OVERSEAS境外",
              "Bloc: GBA, YRD, OTHER_CN (rest of China) or OVERSEAS", "NOT NULL " + _in("bloc", BLOCS)),
            C("is_mainland", "BOOLEAN", "是否属于内地（港澳台及境外为否）", "In mainland China (false for HK, Macao, Taiwan, abroad)", "NOT NULL"),
            C("lat", "DOUBLE", "纬度（城市为政府驻地，国家为首都）", "Latitude (a city's seat, a country's capital)",
              "NOT NULL CHECK (lat BETWEEN -90 AND 90)"),
            C("lon", "DOUBLE", "经度", "Longitude", "NOT NULL CHECK (lon BETWEEN -180 AND 180)"),
        ),
    ),
    Table(
        "region_aliases",
        "地区别名：带或不带市/省/特别行政区后缀的中英文名称及代码，用于识别输入文件中的地区",
        "Region aliases: names with and without 市/省/SAR suffixes, in Chinese and English, and codes, used to resolve input files",
        (
            C("alias_key", "VARCHAR", "规范化后的别名（小写、半角、去空格）", "Normalised alias (lower case, half-width, no spaces)", "PRIMARY KEY"),
            C("alias", "VARCHAR", "别名原文", "Alias as written", "NOT NULL"),
            C("region_code", "VARCHAR", "对应的地区代码", "The region it resolves to", "NOT NULL"),
        ),
    ),
    Table(
        "tech_fields",
        "技术领域：全国技术市场统计的11个领域及本地区重点子领域",
        "Technology fields: the 11 fields of China's technology-market statistics plus this region's priority sub-fields",
        (
            C("field_code", "VARCHAR", "领域代码", "Field code", "PRIMARY KEY"),
            C("name_zh", "VARCHAR", "中文名称", "Chinese name", "NOT NULL UNIQUE"),
            C("name_en", "VARCHAR", "英文名称", "English name", "NOT NULL UNIQUE"),
            C("parent_code", "VARCHAR", "所属一级领域（子领域才有）", "Parent field (sub-fields only)"),
            C("top_field_code", "VARCHAR", "所属统计口径一级领域（一级领域为其自身）", "The statistical top-level field (itself for a top-level field)", "NOT NULL"),
            C("sort_order", "INTEGER", "显示顺序（与年鉴一致）", "Display order (as in the yearbook)", "NOT NULL"),
            C("is_priority", "BOOLEAN", "是否为本地区重点领域", "A priority field of this region", "NOT NULL"),
        ),
    ),
    Table(
        "contract_types",
        "技术合同类别：技术开发、转让、许可、咨询、服务",
        "Contract types: development, transfer, licensing, consulting, service",
        (
            C("type_code", "VARCHAR", "类别代码", "Type code", "PRIMARY KEY " + _in("type_code", CONTRACT_TYPES)),
            C("name_zh", "VARCHAR", "中文名称", "Chinese name", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名称", "English name", "NOT NULL"),
            C("sort_order", "INTEGER", "显示顺序", "Display order", "NOT NULL"),
        ),
    ),
    Table(
        "enterprises",
        "本地区企业：高新技术企业、专精特新梯度、孵化阶段、上市培育库",
        "The region's enterprises: high-tech status, SME tier, incubation stage, listing-cultivation pool",
        (
            C("enterprise_id", "VARCHAR", "统一社会信用代码（GB 32100-2015，已校验）", "Unified social credit code (GB 32100-2015, check digit verified)",
              "PRIMARY KEY CHECK (length(enterprise_id) = 18)"),
            C("name", "VARCHAR", "企业名称", "Enterprise name", "NOT NULL"),
            C("region_code", "VARCHAR", "所在地区代码", "Region code of its location", "NOT NULL"),
            C("industry", "VARCHAR", "所属行业", "Industry"),
            C("is_high_tech", "BOOLEAN", "是否为高新技术企业", "A certified high-tech enterprise", "NOT NULL"),
            C("sme_tier", "VARCHAR", "中小企业梯度：none无 / innovative创新型 / specialized专精特新 / little_giant专精特新“小巨人”",
              "SME tier: none, innovative, specialized, little_giant", "NOT NULL " + _in("sme_tier", SME_TIERS)),
            C("incubation_stage", "VARCHAR", "孵化阶段：seedbed科创苗圃 / incubator孵化器 / accelerator加速器 / cluster创新集群，空为不在孵化体系",
              "Incubation stage: seedbed, incubator, accelerator, cluster; empty when not in the pipeline",
              _in("incubation_stage", INCUBATION_STAGES)),
            C("in_listing_pool", "BOOLEAN", "是否在上市培育库", "In the listing-cultivation pool", "NOT NULL"),
            C("founded_year", "SMALLINT", "成立年份", "Year founded", "CHECK (founded_year BETWEEN 1900 AND 2100)"),
            C("etl_run_id", "INTEGER", "最近写入该行的ETL批次", "The ETL run that last wrote this row", "NOT NULL"),
        ),
    ),
    Table(
        "contracts",
        "登记技术合同：每行一份合同，技术从卖方所在地（输出）流向买方所在地（吸纳）",
        "Registered technology contracts: one row per contract; technology flows from the seller's region (output) to the buyer's (absorption)",
        (
            C("contract_id", "VARCHAR", "合同编号（登记号）", "Contract (registration) number", "PRIMARY KEY"),
            C("signed_date", "DATE", "签订日期", "Date signed", "NOT NULL"),
            C("contract_type", "VARCHAR", "合同类别", "Contract type", "NOT NULL " + _in("contract_type", CONTRACT_TYPES)),
            C("field_code", "VARCHAR", "技术领域代码（见tech_fields）", "Technology field (see tech_fields)", "NOT NULL"),
            C("seller_id", "VARCHAR", "卖方统一社会信用代码（境外当事人为空）", "Seller's unified social credit code (empty for foreign parties)"),
            C("seller_name", "VARCHAR", "卖方名称", "Seller name", "NOT NULL"),
            C("seller_region", "VARCHAR", "卖方所在地区代码（技术输出地）", "Seller's region code (where technology is output)", "NOT NULL"),
            C("buyer_id", "VARCHAR", "买方统一社会信用代码（境外当事人为空）", "Buyer's unified social credit code (empty for foreign parties)"),
            C("buyer_name", "VARCHAR", "买方名称", "Buyer name", "NOT NULL"),
            C("buyer_region", "VARCHAR", "买方所在地区代码（技术吸纳地）", "Buyer's region code (where technology is absorbed)", "NOT NULL"),
            C("amount_cny", MONEY, "合同成交金额（元，人民币；外币按签订年份年均汇率折算）",
              "Contract value in yuan (foreign currency converted at the signing year's average rate)", "NOT NULL CHECK (amount_cny >= 0)"),
            C("tech_amount_cny", MONEY, "技术交易额（元，扣除设备材料等非技术费用后的技术部分）",
              "Technology transaction value in yuan (the technology portion, after non-technical costs)",
              "CHECK (tech_amount_cny >= 0)"),
            C("currency", "VARCHAR", "原币种（ISO 4217）", "Original currency (ISO 4217)", "NOT NULL"),
            C("amount_original", MONEY, "原币金额（原币种的元，已换算万/亿）", "Value in the original currency, whole units (万/亿 applied)",
              "NOT NULL CHECK (amount_original >= 0)"),
            C("is_cross_border", "BOOLEAN", "是否跨境（一方在港澳台或境外）", "Cross-border: a party in Hong Kong, Macao, Taiwan or abroad", "NOT NULL"),
            C("etl_run_id", "INTEGER", "最近写入该行的ETL批次", "The ETL run that last wrote this row", "NOT NULL"),
        ),
        ("CHECK (tech_amount_cny IS NULL OR tech_amount_cny <= amount_cny)",),
    ),
    Table(
        "official_stats",
        "公开发布的统计数据（原样收录，每行附来源）：科技统计年鉴技术市场表及官方发布",
        "Published statistics, exactly as published, each with its source: yearbook technology-market tables and official releases",
        (
            C("year", "SMALLINT", "数据年份", "Data year", "NOT NULL"),
            C("geo_code", "VARCHAR", "地区代码：行政区划代码、CN全国，或汇总口径GBA/YRD/HK-MO-TW/OTHER",
              "Region code, CN for the nation, or an aggregate (GBA, YRD, HK-MO-TW, OTHER)", "NOT NULL"),
            C("geo_name_zh", "VARCHAR", "地区中文名", "Region name (Chinese)"),
            C("geo_name_en", "VARCHAR", "地区英文名", "Region name (English)"),
            C("measure", "VARCHAR", "指标", "Measure", "NOT NULL"),
            C("direction", "VARCHAR", "方向：output输出（按卖方）/ absorb吸纳（按买方）/ total等",
              "Direction: output (by seller), absorb (by buyer), total, import, export", "NOT NULL"),
            C("unit", "VARCHAR", "单位：CNY_100m亿元 / contracts项 / percent百分比 / enterprises家", "Unit: CNY_100m (亿元), contracts, percent, enterprises", "NOT NULL"),
            C("value", "DECIMAL(20,4)", "发布值（原样）", "Published value, as published", "NOT NULL"),
            C("source_url", "VARCHAR", "来源链接", "Source address"),
            C("source_title", "VARCHAR", "来源名称", "Source title", "NOT NULL"),
            C("note", "VARCHAR", "说明（原始万元值等）", "Note (raw 万元 value and caveats)"),
            C("source_file", "VARCHAR", "收录文件（data/reference）", "File it was loaded from (data/reference)", "NOT NULL"),
        ),
        ("PRIMARY KEY (year, geo_code, measure, direction)",),
    ),
    Table(
        "fx_rates",
        "汇率：签订年份年均汇率（每单位外币折合人民币）",
        "Exchange rates: yuan per unit of foreign currency, annual average of the signing year",
        (
            C("year", "SMALLINT", "年份", "Year", "NOT NULL"),
            C("currency", "VARCHAR", "币种（ISO 4217）", "Currency (ISO 4217)", "NOT NULL"),
            C("cny_per_unit", "DECIMAL(12,6)", "每单位外币折合人民币元", "Yuan per unit of the currency", "NOT NULL CHECK (cny_per_unit > 0)"),
            C("source", "VARCHAR", "来源及推导方法", "Source, and how a derived rate was derived", "NOT NULL"),
        ),
        ("PRIMARY KEY (year, currency)",),
    ),
    Table(
        "etl_runs",
        "ETL批次：每次装载的文件、行数及结果；输入行数 = 新增 + 更新 + 未变 + 拒收",
        "ETL runs: files, row counts and outcome of each load; rows_in = loaded + updated + unchanged + rejected",
        (
            C("run_id", "INTEGER", "批次号", "Run number", "PRIMARY KEY"),
            C("started_at", "TIMESTAMP", "开始时间（UTC）", "Started (UTC)", "NOT NULL"),
            C("finished_at", "TIMESTAMP", "结束时间（UTC）", "Finished (UTC)", "NOT NULL"),
            C("source", "VARCHAR", "来源：load装载文件 / demo演示数据 / init初始化", "Source: load (files), demo (synthetic demo data) or init", "NOT NULL"),
            C("files", "VARCHAR[]", "装载的文件", "Files loaded", "NOT NULL"),
            C("rows_in", "BIGINT", "输入行数", "Rows read", "NOT NULL"),
            C("rows_loaded", "BIGINT", "新增行数", "Rows added (new keys)", "NOT NULL"),
            C("rows_updated", "BIGINT", "更新行数（同一编号的新版本替换旧版本）", "Rows that replaced an earlier version with the same key", "NOT NULL"),
            C("rows_unchanged", "BIGINT", "未变行数（与已有记录相同）", "Rows identical to what was already loaded", "NOT NULL"),
            C("rows_rejected", "BIGINT", "拒收行数（见etl_rejects）", "Rows rejected (see etl_rejects)", "NOT NULL"),
            C("status", "VARCHAR", "状态", "Status", "NOT NULL CHECK (status IN ('completed'))"),
        ),
        ("CHECK (rows_in = rows_loaded + rows_updated + rows_unchanged + rows_rejected)",),
    ),
    Table(
        "etl_files",
        "ETL批次中的文件：格式、编码、类别及行数",
        "Files of each ETL run: format, encoding, kind and row counts",
        (
            C("run_id", "INTEGER", "批次号", "Run number", "NOT NULL"),
            C("source_file", "VARCHAR", "文件路径", "File path", "NOT NULL"),
            C("kind", "VARCHAR", "类别：contracts合同 / enterprises企业", "Kind: contracts or enterprises", "NOT NULL"),
            C("format", "VARCHAR", "格式：csv / xlsx / parquet", "Format: csv, xlsx or parquet", "NOT NULL"),
            C("encoding", "VARCHAR", "文本编码（CSV）", "Text encoding (CSV)"),
            C("sha256", "VARCHAR", "文件SHA-256", "SHA-256 of the file", "NOT NULL"),
            C("rows_in", "BIGINT", "输入行数", "Rows read", "NOT NULL"),
            C("rows_rejected", "BIGINT", "拒收行数", "Rows rejected", "NOT NULL"),
        ),
        ("PRIMARY KEY (run_id, source_file)",),
    ),
    Table(
        "etl_rejects",
        "拒收行：每个未装载的输入行及可据以修正的原因",
        "Rejected rows: every input row that was not loaded, with a reason a person can act on",
        (
            C("run_id", "INTEGER", "批次号", "Run number", "NOT NULL"),
            C("source_file", "VARCHAR", "文件路径", "File path", "NOT NULL"),
            C("row_number", "BIGINT", "行号（按电子表格计，表头为第1行）", "Row number as a spreadsheet counts it (the header is row 1)"),
            C("reason_code", "VARCHAR", "原因代码（首个问题）", "Reason code (the first problem)", "NOT NULL"),
            C("reason", "VARCHAR", "原因：列名、取值及应为何值（多个问题以“ | ”分隔）",
              "Reason: the column, the value and what was expected (several problems separated by ' | ')", "NOT NULL"),
            C("raw", "JSON", "原始行（JSON，原表头为键）", "The original row (JSON keyed by the file's own headers)"),
        ),
    ),
    Table(
        "dataset_info",
        "数据集说明：是否为演示数据、生成参数等",
        "About this dataset: whether it is demo data, how it was generated",
        (
            C("key", "VARCHAR", "键", "Key", "PRIMARY KEY"),
            C("value", "VARCHAR", "值", "Value", "NOT NULL"),
        ),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_schema(con: duckdb.DuckDBPyConnection, only: list[Table] | None = None) -> None:
    """Create every table (or just `only`) with its constraints and bilingual comments."""
    for table in only if only is not None else TABLES:
        con.execute(table.ddl())
        con.execute(f"COMMENT ON TABLE {table.name} IS {_quote(table.comment)}")
        for column in table.columns:
            con.execute(f"COMMENT ON COLUMN {table.name}.{column.name} IS {_quote(column.zh + ' / ' + column.en)}")
