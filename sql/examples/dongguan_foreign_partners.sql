-- Top foreign and Hong Kong, Macao, Taiwan partners of Dongguan (441900), both directions.
select
    r.name_zh, r.name_en,
    case when c.seller_region = '441900' then 'sold to' else 'bought from' end as direction,
    count(*) as contracts,
    round(sum(c.amount_cny) / 1e4, 1) as value_cny_10k
from contracts as c
join regions as r on r.region_code = case when c.seller_region = '441900' then c.buyer_region else c.seller_region end
where '441900' in (c.seller_region, c.buyer_region) and c.is_cross_border
group by all
order by value_cny_10k desc
limit 20
