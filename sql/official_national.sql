-- The national technology market by year, as published ($measure: the contract value in 亿元, or
-- tech_market_contracts_count), with sources.
-- reads:    official
-- grain:    year, measure
-- measures: value = published_value
-- params:   measure = tech_market_contract_value
select year, measure, unit, value::double as value, source_title, source_url, note
from official_stats
where geo_code = 'CN' and measure = $measure
order by year, measure
