-- Partners abroad grouped by UN M49 sub-region (Hong Kong, Macao and Taiwan as themselves), by
-- direction: a readable view of 100+ partner countries.
with partner as (
    select
        case when seller_bloc = 'OVERSEAS' or seller_region in ('810000', '820000', '710000') then seller_region
             else buyer_region end as partner_region,
        case when seller_bloc = 'OVERSEAS' or seller_region in ('810000', '820000', '710000') then 'bought_from_abroad'
             else 'sold_abroad' end as direction,
        contracts,
        {value_col} as amount
    from {flows}
    where is_cross_border
)

select
    coalesce(r.world_region_code, r.region_code) as world_region,
    coalesce(r.world_region_{lang}, r.{name}) as world_region_name,
    p.direction,
    count(distinct p.partner_region) as partners,
    sum(p.contracts) as contracts,
    sum(p.amount) / {scale} as value
from partner as p
join regions as r on r.region_code = p.partner_region
group by all
order by value desc
