-- Corridor table: each seller region to buyer region pair over the filters' years, largest first (the
-- $top), with the latest year, the year before and the change between them.
-- reads:    flows
-- grain:    seller_region, seller_name, seller_bloc, buyer_region, buyer_name, buyer_bloc
-- measures: contracts = contracts, value = value, value_latest = value @latest, value_previous = value @previous, yoy_pct = yoy @change
-- params:   top = 200
select
    m.seller_region,
    s.{name} as seller_name,
    s.bloc as seller_bloc,
    m.buyer_region,
    b.{name} as buyer_name,
    b.bloc as buyer_bloc,
    sum(m.contracts) as contracts,
    {value:m} as value,
    {value:m where m.year = $latest} as value_latest,
    {value:m where m.year = $previous} as value_previous,
    100 * ({value:m where m.year = $latest} - {value:m where m.year = $previous}) / nullif({value:m where m.year = $previous}, 0)
        as yoy_pct
from {flows} as m
join regions as s on s.region_code = m.seller_region
join regions as b on b.region_code = m.buyer_region
where m.seller_region <> m.buyer_region
group by all
order by value desc, m.seller_region, m.buyer_region
limit $top
