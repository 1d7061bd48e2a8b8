-- Origin-destination matrix: value and contracts from each seller group to each buyer group, at the
-- level chosen ($level: bloc, province or city), among the $top largest seller groups and the $top
-- largest buyer groups, the $pairs largest pairs of them (a phone's ranked list). Abroad, a province or
-- city is the economy itself.
-- reads:    flows
-- grain:    seller_group, seller_name, seller_bloc, buyer_group, buyer_name, buyer_bloc
-- measures: contracts = contracts, value = value
-- params:   level = province, top = 25, pairs = 1000000
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
),

top_sellers as (
    select seller_group from grouped group by all order by sum(amount) desc, seller_group limit $top
),

top_buyers as (
    select buyer_group from grouped group by all order by sum(amount) desc, buyer_group limit $top
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
where g.seller_group in (select seller_group from top_sellers) and g.buyer_group in (select buyer_group from top_buyers)
group by g.seller_group, s.{name}, g.buyer_group, b.{name}
order by value desc, g.seller_group, g.buyer_group
limit $pairs
