-- Universities' and research institutes' transfers to enterprises, by the seller's region (where the
-- technology comes from), the $top largest.
-- reads:    flows
-- needs:    registry
-- grain:    region_code, region_name, bloc
-- measures: contracts = contracts, value = value
-- params:   top = 15
select
    m.seller_region as region_code,
    r.{name} as region_name,
    r.bloc,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join regions as r on r.region_code = m.seller_region
where m.is_academic_transfer
group by all
order by value desc, m.seller_region
limit $top
