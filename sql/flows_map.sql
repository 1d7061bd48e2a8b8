-- Flows between two different regions (city corridors) with their coordinates, largest first: the
-- overview's top corridors and the flow map.
select
    m.seller_region,
    s.{name} as seller_name,
    s.lat as seller_lat,
    s.lon as seller_lon,
    s.level as seller_level,
    m.buyer_region,
    b.{name} as buyer_name,
    b.lat as buyer_lat,
    b.lon as buyer_lon,
    b.level as buyer_level,
    any_value(m.seller_bloc) as seller_bloc,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join regions as s on s.region_code = m.seller_region
join regions as b on b.region_code = m.buyer_region
where m.seller_region <> m.buyer_region
group by all
order by value desc
limit $top
