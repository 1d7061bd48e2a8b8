-- The national technology market by year, as published (contracts and value in 亿元), with sources.
select year, measure, unit, value::double as value, source_title, source_url, note
from official_stats
where geo_code = 'CN' and measure in ('tech_market_contracts_count', 'tech_market_contract_value')
order by year, measure
