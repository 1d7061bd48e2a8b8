-- Partners outside the mainland as points: each economy's value in both directions together, with its
-- map point (its capital), largest first.
-- reads:    flows
-- grain:    partner_region, name, lat, lon
-- measures: value = value
select
    r.region_code as partner_region,
    r.{name} as name,
    r.lat,
    r.lon,
    {value:m} as value
from {flows} as m
join regions as r on r.region_code = m.partner_region
where m.is_cross_border and r.lat is not null
group by all
order by value desc, r.region_code
