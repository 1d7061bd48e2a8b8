-- Technology bought from outside the mainland (seller in Hong Kong, Macao, Taiwan or abroad) and
-- sold to it (buyer outside), by year.
-- reads:    flows
-- grain:    year, direction
-- measures: contracts = contracts, value = value
select
    year,
    cross_border_direction as direction,
    sum(contracts) as contracts,
    {value} as value
from {flows}
where is_cross_border
group by all
order by year, direction
