-- Technology fields by the seller's bloc: where each field's technology comes from.
-- reads:    flows
-- needs:    field
-- grain:    field_code, field_name, sort_order, bloc
-- measures: contracts = contracts, value = value
select
    f.field_code,
    f.{name} as field_name,
    f.sort_order,
    m.seller_bloc as bloc,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
group by all
order by f.sort_order, bloc
