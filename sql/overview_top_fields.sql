-- Contract value by technology field (the 11 statistical fields), largest first.
-- reads:    flows
-- needs:    field
-- grain:    field_code, field_name
-- measures: contracts = contracts, value = value
select
    f.field_code,
    f.{name} as field_name,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
group by all
order by value desc, f.field_code
