-- Each party's yearly activity as seller and as buyer, all fields together: the rankings that are
-- not about one field read this (5.5 million rows at 10 million contracts, against 13 million in
-- mart_parties). queries.py picks it when it can.
create or replace table {target} as
select
    year, side, party_id, party_name, region_code, bloc,
    sum(contracts)::bigint as contracts,
    sum(amount_cny) as amount_cny,
    sum(amount_usd) as amount_usd
from {mart_parties}
group by all
order by year, side;

comment on table mart_party_years is '汇总：各当事方每年作为卖方和买方的合同数与金额（不分领域） / Mart: each party''s yearly contracts and value as seller and as buyer (all fields)';
