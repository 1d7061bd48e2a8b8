-- The $top largest parties on one side ($side) in one field ($field), from the parties mart.
-- reads:    parties
-- needs:    field
-- ranks:    top
-- grain:    side, party_id, party_name, region_code, region_name, bloc
-- measures: contracts = contracts, value = value
-- params:   field = ai, top = 10, side = seller
select
    side,
    party_id,
    party_name,
    p.region_code,
    r.{name} as region_name,
    p.bloc,
    sum(contracts) as contracts,
    {value:p} as value
from {parties} as p
join regions as r on r.region_code = p.region_code
where p.field_code = $field and p.side = $side
group by side, party_id, party_name, p.region_code, r.{name}, p.bloc
qualify row_number() over (order by value desc, party_id, party_name) <= $top
order by value desc, party_id, party_name
