-- Each party's contracts and value over all years, as seller and as buyer: by field, and over all fields
-- (field_code null). The all-years ranking (07) is taken from it, and a load updates it by merging the
-- change rather than summing millions of party-years again.
create or replace table {target} as
select side, party_id, party_name, region_code, bloc, null::varchar as field_code,
    sum(contracts)::bigint as contracts, sum(amount_cny) as amount_cny, sum(amount_usd) as amount_usd
from {mart_party_years}
group by all
union all
select side, party_id, party_name, region_code, bloc, field_code,
    sum(contracts)::bigint as contracts, sum(amount_cny) as amount_cny, sum(amount_usd) as amount_usd
from {mart_parties}
group by all;

comment on table mart_party_totals is '汇总：各当事方全部年份作为卖方和买方的合同数与金额，分领域及全部领域 / Mart: each party''s contracts and value over all years as seller and as buyer, by field and over all fields';
