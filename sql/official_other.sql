-- Every other published figure: YRD, Guangzhou, Dongguan, registered values, factory technology
-- spending, the 2024 national growth. Different concepts: read each with its measure and source.
-- reads:    official
-- grain:    year, geo_code, measure, direction
select year, geo_code, geo_name_zh, geo_name_en, measure, direction, unit, value::double as value, source_title, source_url, note
from official_stats
where dataset = 'other_releases'
order by geo_code, measure, year
