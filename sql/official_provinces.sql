-- Published output (by seller) and absorption (by buyer) of every province in one year ($year) and one
-- measure ($measure), exactly as published, with sources. Yearbook: 中国科技统计年鉴, technology-market tables.
-- reads:    official
-- grain:    geo_code, geo_name_zh, geo_name_en, direction, measure
-- measures: value = published_value @param
-- params:   year = 2023, measure = tech_market_contract_value
select
    s.geo_code,
    s.geo_name_zh,
    s.geo_name_en,
    s.direction,
    s.measure,
    s.unit,
    s.value::double as value,
    s.source_title,
    s.source_url,
    s.note
from official_stats as s
where s.year = $year
  and s.measure = $measure
  and s.dataset = 'yearbook_provinces'
  and s.direction in ('output', 'absorb')
order by s.measure, s.direction, s.value desc, s.geo_code
