-- Contract value by the registry's subtype (contracts whose file gives one), in the registry's order.
-- reads:    flows
-- needs:    registry
-- grain:    subtype_code, subtype_name, type_code
-- measures: contracts = contracts, value = value
select
    s.subtype_code,
    s.{name} as subtype_name,
    s.type_code,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join contract_subtypes as s on s.subtype_code = m.contract_subtype
group by all
order by any_value(s.sort_order)
