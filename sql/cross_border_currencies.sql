-- The currencies cross-border contracts were signed in, by year (value converted for comparison).
-- reads:    flows
-- needs:    currency
-- grain:    year, currency
-- measures: contracts = contracts, value = value
select year, currency, sum(contracts) as contracts, {value} as value
from {flows}
where is_cross_border
group by all
order by year, value desc, currency
