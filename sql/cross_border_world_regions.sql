-- Partners outside the mainland grouped by UN M49 sub-region (Hong Kong, Macao and Taiwan as
-- themselves), by direction: how many partners, contracts and value.
-- reads:    flows
-- grain:    world_region, world_region_name, direction
-- measures: partners = partners, contracts = contracts, value = value
select
    coalesce(r.world_region_code, r.region_code) as world_region,
    coalesce(r.world_region_{lang}, r.{name}) as world_region_name,
    p.cross_border_direction as direction,
    count(distinct p.partner_region) as partners,
    sum(p.contracts) as contracts,
    {value:p} as value
from {flows} as p
join regions as r on r.region_code = p.partner_region
where p.is_cross_border
group by all
order by value desc, world_region, direction
