-- One priority field ($field: ai, ic, smart_terminal …) by year and seller bloc.
select year, seller_bloc as bloc, sum(contracts) as contracts, {value} as value
from {flows}
where field_code = $field
group by all
order by year, bloc
