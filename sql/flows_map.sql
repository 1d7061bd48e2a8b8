-- Flows between two different regions with their coordinates, the $top largest: the overview's top
-- corridors and the flow map ($scope: all, or domestic for flows with both ends in China).
-- reads:    flows
-- grain:    seller_region, seller_name, seller_lat, seller_lon, seller_level, buyer_region, buyer_name, buyer_lat, buyer_lon, buyer_level, seller_bloc
-- measures: contracts = contracts, value = value
-- params:   top = 60, scope = all
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
    {value:m} as value
from {flows} as m
join regions as s on s.region_code = m.seller_region
join regions as b on b.region_code = m.buyer_region
where m.seller_region <> m.buyer_region
  and ($scope = 'all' or (s.level <> 'country' and b.level <> 'country'))
group by all
order by value desc, m.seller_region, m.buyer_region
limit $top
