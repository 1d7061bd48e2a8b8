-- Partners outside the mainland: value bought from and sold to each economy, the $top largest (over
-- both directions) by name and the rest together as one "$others (N)" row, last.
-- reads:    flows
-- grain:    partner_region, partner_name, direction
-- measures: contracts = contracts, value = value, partners = partners
-- params:   top = 15, others = Others
with partner as (
    select
        case when cross_border_direction = 'bought_from_abroad' then seller_region else buyer_region end as partner_region,
        cross_border_direction as direction,
        contracts,
        {amount} as amount
    from {flows}
    where is_cross_border
),

ranked as (
    select partner_region, row_number() over (order by sum(amount) desc, partner_region) as rank, count(*) over () as partners
    from partner
    group by partner_region
)

select
    case when k.rank <= $top then p.partner_region end as partner_region,
    case when k.rank <= $top then r.{name} else $others || ' (' || (k.partners - $top) || ')' end as partner_name,
    p.direction,
    sum(p.contracts) as contracts,
    {value:p.amount} as value,
    any_value(k.partners) as partners
from partner as p
join ranked as k on k.partner_region = p.partner_region
join regions as r on r.region_code = p.partner_region
group by all
order by min(k.rank), p.direction
