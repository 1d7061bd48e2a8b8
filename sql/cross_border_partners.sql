-- Partners outside the mainland: value bought from and sold to each economy, the $top largest (over
-- both directions) by name and the rest together as one "$others (N)" row, last.
-- reads:    flows
-- grain:    partner_region, partner_name, direction
-- measures: contracts = contracts, value = value, partners = partners
-- params:   top = 15, others = Others
with ranked as (
    select partner_region, row_number() over (order by {value} desc, partner_region) as rank, count(*) over () as partners
    from {flows}
    where is_cross_border
    group by partner_region
)

select
    case when k.rank <= $top then p.partner_region end as partner_region,
    case when k.rank <= $top then r.{name} else $others || ' (' || (k.partners - $top) || ')' end as partner_name,
    p.cross_border_direction as direction,
    sum(p.contracts) as contracts,
    {value:p} as value,
    any_value(k.partners) as partners
from {flows} as p
join ranked as k on k.partner_region = p.partner_region
join regions as r on r.region_code = p.partner_region
where p.is_cross_border
group by all
order by min(k.rank), direction
