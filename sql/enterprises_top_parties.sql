-- The most active enterprises (parties with a credit code) as sellers and as buyers.
select
    p.side,
    p.party_id,
    p.party_name,
    p.region_code,
    r.{name} as region_name,
    p.bloc,
    e.is_high_tech,
    e.sme_tier,
    sum(p.contracts) as contracts,
    sum(p.amount_cny) / {scale} as value
from {parties} as p
join regions as r on r.region_code = p.region_code
left join enterprises as e on e.enterprise_id = p.party_id
where p.party_id is not null
group by p.side, p.party_id, p.party_name, p.region_code, r.{name}, p.bloc, e.is_high_tech, e.sme_tier
qualify row_number() over (partition by p.side order by value desc) <= $top
order by p.side, value desc
