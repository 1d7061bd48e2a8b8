-- Universities' and research institutes' transfers to enterprises, by technology field and kind of seller.
-- reads:    flows
-- needs:    registry
-- grain:    field_code, field_name, seller_kind
-- measures: contracts = contracts, value = value
select
    f.field_code,
    f.{name} as field_name,
    m.seller_kind,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
where m.is_academic_transfer
group by all
order by value desc, f.field_code, m.seller_kind
