"""Chinese (default) and English: every label, and the number formats.

`t(key, lang)` returns a label; a missing key raises, so a page cannot ship an untranslated
string (a test renders every page in both languages). Region, field and type names come from the
dimension tables (name_zh / name_en), not from here.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

LABELS: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("技术市场流向监测", "Technology-market flows"),
    "password_app": ("请输入访问密码", "Password"),
    "password_wrong": ("密码不正确。", "Wrong password."),
    "app_subtitle": ("粤港澳大湾区 · 长三角 · 境外 技术合同流向", "Technology contracts between the GBA, the YRD and overseas"),
    "demo_banner": ("演示数据：合成数据，并非真实合同。各省份占比按《中国科技统计年鉴》校准。",
                    "Demo data: synthetic, not real contracts. Province shares are calibrated to the China Statistical Yearbook on S&T."),
    "as_of": ("数据截至", "Data as of"),
    "language": ("语言", "Language"),
    "filters": ("筛选", "Filters"),
    "years": ("年份", "Years"),
    "blocs": ("板块", "Blocs"),
    "provinces": ("省份", "Provinces"),
    "cities": ("城市", "Cities"),
    "fields": ("技术领域", "Technology fields"),
    "types": ("合同类别", "Contract types"),
    "subtypes": ("合同子类", "Contract subtypes"),
    "seller_kinds": ("卖方类型", "Kind of seller"),
    "buyer_kinds": ("买方类型", "Kind of buyer"),
    "registry_filters": ("登记细项", "Registry details"),
    "unit": ("金额单位", "Amount unit"),
    "currency": ("币种", "Currency"),
    "all": ("全部", "All"),
    "region_filter_help": ("选中地区为卖方或买方的合同", "Contracts where the seller or the buyer is in the selected regions"),
    "empty": ("当前筛选条件下没有数据，请放宽年份、地区或领域。", "No data for these filters; widen the years, regions or fields."),
    "building_demo": ("首次运行：正在生成演示数据库……", "First run: building the demo database…"),
    "show_sql": ("查看SQL", "Show SQL"),
    "download_csv": ("下载CSV", "Download CSV"),
    "source": ("来源", "Source"),
    "source_registry": ("技术合同登记数据（本库）", "Technology-contract registry (this database)"),
    "source_demo": ("演示数据（合成）", "Demo data (synthetic)"),
    "unit_label": ("单位", "Unit"),
    # sections and pages
    "section_views": ("数据看板", "Dashboards"),
    "section_data": ("数据与工具", "Data and tools"),
    "page_overview": ("总览", "Overview"),
    "page_flows": ("流向", "Flows"),
    "page_cross_border": ("跨境", "Cross-border"),
    "page_fields": ("技术领域", "Fields"),
    "page_enterprises": ("企业", "Enterprises"),
    "page_official": ("公开统计", "Official statistics"),
    "page_transfer": ("成果转化", "Transfer & IP"),
    "page_data": ("数据质量", "Data quality"),
    "page_sql": ("SQL查询", "SQL"),
    "page_snapshots": ("会议材料", "Meeting packs"),
    # measures
    "contracts": ("合同数", "Contracts"),
    "value": ("成交额", "Contract value"),
    "tech_value": ("技术交易额", "Technology transaction value"),
    "yoy": ("同比", "Year on year"),
    "cross_border_share": ("跨境占比", "Cross-border share"),
    "gba_yrd_volume": ("大湾区↔长三角", "GBA ↔ YRD"),
    "share": ("占比", "Share"),
    "year": ("年份", "Year"),
    "bloc": ("板块", "Bloc"),
    "seller": ("卖方（输出）", "Seller (output)"),
    "buyer": ("买方（吸纳）", "Buyer (absorption)"),
    "field": ("技术领域", "Field"),
    "type": ("合同类别", "Type"),
    "corridor": ("城市走廊", "City corridor"),
    "net_flow": ("净输出（输出−吸纳）", "Net output (output − absorption)"),
    "output": ("输出", "Output"),
    "absorb": ("吸纳", "Absorption"),
    "region": ("地区", "Region"),
    "partner": ("境外伙伴", "Partner"),
    "direction": ("方向", "Direction"),
    "bought_from_abroad": ("从境外购入", "Bought from abroad"),
    "sold_abroad": ("向境外输出", "Sold abroad"),
    "via_hk_share": ("经香港占比", "Share via Hong Kong"),
    "others": ("其他", "Others"),
    "world_region": ("地理分区", "World region"),
    "academic_transfer": ("高校院所向企业转化", "From universities and institutes to enterprises"),
    "patent_share": ("专利支撑占比", "Patent-backed share"),
    "subtype": ("合同子类", "Subtype"),
    "ip_type": ("知识产权类型", "IP type"),
    "kind_enterprise": ("企业", "Enterprise"),
    "kind_university": ("高等院校", "University"),
    "kind_research_institute": ("科研院所", "Research institute"),
    "kind_individual": ("自然人", "Individual"),
    "kind_other": ("其他组织", "Other organisation"),
    "type_transfer": ("技术转让", "Transfer"),
    "type_licensing": ("技术许可", "Licensing"),
    "enterprises": ("企业数", "Enterprises"),
    "high_tech": ("高新技术企业", "High-tech enterprises"),
    "tier": ("梯度", "Tier"),
    "stage": ("孵化阶段", "Incubation stage"),
    "name": ("名称", "Name"),
    "rank": ("排名", "Rank"),
    "published": ("公开发布", "Published"),
    "registry": ("本库", "Registry"),
    "diff_pp": ("差（百分点）", "Difference (pp)"),
    # blocs
    "bloc_GBA": ("粤港澳大湾区", "GBA"),
    "bloc_YRD": ("长三角", "YRD"),
    "bloc_OTHER_CN": ("国内其他", "Rest of China"),
    "bloc_OVERSEAS": ("境外", "Overseas"),
    # tiers and stages
    "tier_none": ("无", "None"),
    "tier_innovative": ("创新型中小企业", "Innovative SME"),
    "tier_specialized": ("专精特新中小企业", "Specialised SME"),
    "tier_little_giant": ("专精特新“小巨人”", "Little giant"),
    "stage_seedbed": ("科创苗圃", "Seedbed"),
    "stage_incubator": ("孵化器", "Incubator"),
    "stage_accelerator": ("加速器", "Accelerator"),
    "stage_cluster": ("创新集群", "Cluster"),
    "listing_pool": ("上市培育库", "Listing-cultivation pool"),
    # units
    "unit_wan": ("万元", "CNY 10k"),
    "unit_yi": ("亿元", "CNY 100m"),
    "unit_wan_usd": ("万美元", "USD 10k"),
    "unit_yi_usd": ("亿美元", "USD 100m"),
    "unit_contracts": ("项", "contracts"),
    "unit_pct": ("%", "%"),
}

BLOC_ORDER = ("GBA", "YRD", "OTHER_CN", "OVERSEAS")


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def bloc_name(bloc: str, lang: str) -> str:
    return t(f"bloc_{bloc}", lang)


def name_column(lang: str) -> str:
    """The dimension column that holds names in this language."""
    return "name_en" if lang == "en" else "name_zh"


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def format_count(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    if lang == "zh" and abs(value) >= 10_000:
        return f"{value / 10_000:,.1f}万"
    return f"{value:,.0f}"


def format_pct(value: float | None, lang: str, decimals: int = 1, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"
