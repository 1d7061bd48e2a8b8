-- Partners outside the mainland: value bought from and sold to each economy, with its UN M49
-- sub-region (Hong Kong, Macao and Taiwan as themselves) for grouping 100+ partners.
with partner as (
    select
        case when cross_border_direction = 'bought_from_abroad' then seller_region else buyer_region end as partner_region,
        cross_border_direction as direction,
        contracts,
        {value_col} as amount
    from {flows}
    where is_cross_border
)

select
    p.partner_region,
    r.{name} as partner_name,
    r.bloc as partner_bloc,
    coalesce(r.world_region_code, r.region_code) as world_region,
    coalesce(r.world_region_{lang}, r.{name}) as world_region_name,
    r.lat,
    r.lon,
    p.direction,
    sum(p.contracts) as contracts,
    sum(p.amount) / {scale} as value
from partner as p
join regions as r on r.region_code = p.partner_region
group by all
order by value desc
