-- The most active enterprises (parties with a credit code) as sellers and as buyers: ranked first,
-- then named, so the enterprise register is joined for the few rows shown.
with ranked as (
    select
        p.side,
        p.party_id,
        p.party_name,
        p.region_code,
        p.bloc,
        sum(p.contracts) as contracts,
        sum(p.amount_cny) / {scale} as value
    from {parties} as p
    where p.party_id is not null
    group by p.side, p.party_id, p.party_name, p.region_code, p.bloc
    qualify row_number() over (partition by p.side order by value desc) <= $top
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
order by k.side, k.value desc
