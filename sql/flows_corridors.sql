-- Corridor table: each seller region to buyer region pair, with its latest-year change.
with by_year as (
    select seller_region, buyer_region, year, sum(contracts) as contracts, sum({value_col}) / {scale} as value
    from {flows}
    where seller_region <> buyer_region
    group by all
),

latest as (
    select max(year) as year from by_year
)

select
    c.seller_region,
    s.{name} as seller_name,
    s.bloc as seller_bloc,
    c.buyer_region,
    b.{name} as buyer_name,
    b.bloc as buyer_bloc,
    sum(c.contracts) as contracts,
    sum(c.value) as value,
    sum(c.value) filter (where c.year = (select year from latest)) as value_latest,
    sum(c.value) filter (where c.year = (select year from latest) - 1) as value_previous
from by_year as c
join regions as s on s.region_code = c.seller_region
join regions as b on b.region_code = c.buyer_region
group by all
order by value desc
limit $top
