-- The most active enterprises (parties with a credit code) on one side ($side: seller or buyer), the
-- $top largest by value: ranked first, then named, so the enterprise register is joined for the few rows shown.
-- reads:    parties
-- ranks:    top
-- grain:    side, party_id, party_name, region_code, region_name, bloc
-- measures: contracts = contracts, value = value
-- params:   top = 15, side = seller
with ranked as (
    select
        p.side,
        p.party_id,
        p.party_name,
        p.region_code,
        p.bloc,
        sum(p.contracts) as contracts,
        {value:p} as value
    from {parties} as p
    where p.party_id is not null and p.side = $side
    group by p.side, p.party_id, p.party_name, p.region_code, p.bloc
    qualify row_number() over (order by value desc, p.party_id, p.party_name) <= $top
)

select
    k.side,
    k.party_id,
    k.party_name,
    k.region_code,
    r.{name} as region_name,
    k.bloc,
    e.is_high_tech,
    e.sme_tier,
    k.contracts,
    k.value
from ranked as k
join regions as r on r.region_code = k.region_code
left join enterprises as e on e.enterprise_id = k.party_id
order by k.value desc, k.party_id, k.party_name
