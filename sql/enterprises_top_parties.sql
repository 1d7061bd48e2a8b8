-- The most active enterprises (parties with a credit code) as sellers and as buyers: ranked first,
-- then named, so the enterprise register is joined for the few rows shown.
-- Exact, without summing every party over the chosen years: a party's value in any years is at most its
-- value over all years and all fields (mart_party_totals), so once the $top-th best of the all-years leaders is known
-- for the chosen years, only parties whose all-years value reaches it can rank.
with leaders as (
    select side, party_id from {party_top}
    where party_id is not null
    qualify row_number() over (partition by side order by amount_cny desc) <= 4 * $top
),
leader_values as (
    select p.side, p.party_id, p.party_name, p.region_code, sum(p.amount_cny) as amount
    from {parties} as p
    semi join leaders as l on l.side = p.side and l.party_id = p.party_id
    group by all
),
thresholds as (
    select side, min(amount) as amount
    from (select side, amount from leader_values qualify row_number() over (partition by side order by amount desc) <= $top)
    group by side
    having count(*) = $top
),
candidates as (
    select t.side, t.party_id
    from {party_totals} as t
    left join thresholds as h on h.side = t.side
    where t.party_id is not null
      and (h.amount is null or t.amount_cny >= h.amount * (1 - 1e-9))
),
ranked as (
    select
        p.side,
        p.party_id,
        p.party_name,
        p.region_code,
        p.bloc,
        sum(p.contracts) as contracts,
        sum(p.amount_cny) / {scale} as value
    from {parties} as p
    semi join candidates as c on c.side = p.side and c.party_id = p.party_id
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
