-- Cross-border value by technology field and direction.
select
    f.field_code,
    f.{name} as field_name,
    m.cross_border_direction as direction,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join tech_fields as f on f.field_code = m.top_field_code
where m.is_cross_border
group by all
order by value desc
