-- Published output (by seller) and absorption (by buyer) of every province in one year ($year),
-- exactly as published, with sources. Yearbook: 中国科技统计年鉴, technology-market tables.
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
  and s.dataset = 'yearbook_provinces'
  and s.direction in ('output', 'absorb')
order by s.measure, s.direction, s.value desc
