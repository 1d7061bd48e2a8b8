-- One priority field ($field: ai, ic, smart_terminal …) by year and seller bloc.
-- reads:    flows
-- needs:    field
-- grain:    year, bloc
-- measures: contracts = contracts, value = value
-- params:   field = ai
select year, seller_bloc as bloc, sum(contracts) as contracts, {value} as value
from {flows}
where field_code = $field
group by all
order by year, bloc
