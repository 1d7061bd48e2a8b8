-- Origin-destination matrix: value and contracts from each seller group to each buyer group, at the
-- level chosen ($level: bloc, province or city). Abroad, a province or city is the economy itself.
with grouped as (
    select
        case $level when 'bloc' then seller_bloc when 'province' then coalesce(seller_province, seller_region) else seller_region end
            as seller_group,
        case $level when 'bloc' then buyer_bloc when 'province' then coalesce(buyer_province, buyer_region) else buyer_region end
            as buyer_group,
        seller_bloc,
        buyer_bloc,
        contracts,
        {value_col} as amount
    from {flows}
)

select
    g.seller_group,
    coalesce(s.{name}, g.seller_group) as seller_name,
    any_value(g.seller_bloc) as seller_bloc,
    g.buyer_group,
    coalesce(b.{name}, g.buyer_group) as buyer_name,
    any_value(g.buyer_bloc) as buyer_bloc,
    sum(g.contracts) as contracts,
    sum(g.amount) / {scale} as value
from grouped as g
left join regions as s on s.region_code = g.seller_group
left join regions as b on b.region_code = g.buyer_group
group by g.seller_group, s.{name}, g.buyer_group, b.{name}
order by value desc
