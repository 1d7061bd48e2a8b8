-- Cross-border value by technology field and direction.
-- reads:    flows
-- needs:    field
-- grain:    field_code, field_name, direction
-- measures: contracts = contracts, value = value
select
    f.field_code,
    f.{name} as field_name,
    m.cross_border_direction as direction,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
where m.is_cross_border
group by all
order by value desc, f.field_code, direction
