-- Universities' and research institutes' transfers to enterprises, by the seller's region (where the
-- technology comes from), largest first.
select
    m.seller_region as region_code,
    r.{name} as region_name,
    r.bloc,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join regions as r on r.region_code = m.seller_region
where m.is_academic_transfer
group by all
order by value desc
limit $top
