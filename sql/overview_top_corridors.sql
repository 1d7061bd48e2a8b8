-- The largest flows between two different regions (city corridors) in the selected years.
select
    m.seller_region,
    s.{name} as seller_name,
    m.buyer_region,
    b.{name} as buyer_name,
    m.seller_bloc,
    m.buyer_bloc,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join regions as s on s.region_code = m.seller_region
join regions as b on b.region_code = m.buyer_region
where m.seller_region <> m.buyer_region
group by all
order by value desc
limit $top
