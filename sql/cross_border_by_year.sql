-- Technology bought from outside the mainland (seller in Hong Kong, Macao, Taiwan or abroad) and
-- sold to it (buyer outside), by year.
select
    year,
    case when seller_bloc = 'OVERSEAS' or seller_region in ('810000', '820000', '710000') then 'bought_from_abroad'
         else 'sold_abroad' end as direction,
    sum(contracts) as contracts,
    {value} as value
from {flows}
where is_cross_border
group by all
order by year, direction
