-- Technology fields by the seller's bloc: where each field's technology comes from.
select
    f.field_code,
    f.{name} as field_name,
    f.sort_order,
    m.seller_bloc as bloc,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
group by all
order by f.sort_order, bloc
