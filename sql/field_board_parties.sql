-- The largest sellers and buyers in one field ($field), from the parties mart.
select
    side,
    party_id,
    party_name,
    p.region_code,
    r.{name} as region_name,
    p.bloc,
    sum(contracts) as contracts,
    sum(amount_cny) / {scale} as value
from {parties} as p
join regions as r on r.region_code = p.region_code
where p.field_code = $field
group by side, party_id, party_name, p.region_code, r.{name}, p.bloc
qualify row_number() over (partition by side order by value desc) <= $top
order by side, value desc
