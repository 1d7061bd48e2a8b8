-- Contract value by the registry's subtype (contracts whose file gives one), in the registry's order.
select
    s.subtype_code,
    s.{name} as subtype_name,
    s.type_code,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join contract_subtypes as s on s.subtype_code = m.contract_subtype
group by all
order by any_value(s.sort_order)
