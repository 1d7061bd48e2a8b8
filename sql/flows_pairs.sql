-- The matrix as a ranked list: the $top largest seller group → buyer group pairs at the level chosen
-- ($level: bloc, province or city).
-- reads:    flows
-- grain:    seller_group, seller_name, seller_bloc, buyer_group, buyer_name, buyer_bloc
-- measures: contracts = contracts, value = value
-- params:   level = province, top = 15
with grouped as (
    select
        case $level when 'bloc' then seller_bloc when 'province' then coalesce(seller_province, seller_region) else seller_region end
            as seller_group,
        case $level when 'bloc' then buyer_bloc when 'province' then coalesce(buyer_province, buyer_region) else buyer_region end
            as buyer_group,
        seller_bloc,
        buyer_bloc,
        contracts,
        {amount} as amount
    from {flows}
)

select
    g.seller_group,
    coalesce(s.{name}, g.seller_group) as seller_name,
    coalesce(any_value(s.bloc), min(g.seller_bloc)) as seller_bloc,  -- a province's own bloc (Guangdong's cities differ)
    g.buyer_group,
    coalesce(b.{name}, g.buyer_group) as buyer_name,
    coalesce(any_value(b.bloc), min(g.buyer_bloc)) as buyer_bloc,
    sum(g.contracts) as contracts,
    {value:g.amount} as value
from grouped as g
left join regions as s on s.region_code = g.seller_group
left join regions as b on b.region_code = g.buyer_group
group by g.seller_group, s.{name}, g.buyer_group, b.{name}
order by value desc, g.seller_group, g.buyer_group
limit $top
