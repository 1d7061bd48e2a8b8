-- Yearly flows between two regions, all fields, types and currencies together: the smallest mart,
-- which answers every view that neither groups nor filters by field or type (about 60,000 rows at
-- 10 million contracts, against 1.1 million in mart_flows). queries.py picks it when it can.
-- Summed from mart_pair_fields (03), which already has types and currencies together.
create or replace table {target} as
select
    year, seller_region, seller_bloc, seller_province, buyer_region, buyer_bloc, buyer_province, is_cross_border,
    cross_border_direction, partner_region,
    sum(contracts)::bigint as contracts,
    sum(amount_cny) as amount_cny,
    sum(tech_amount_cny) as tech_amount_cny,
    sum(amount_usd) as amount_usd
from {mart_pair_fields}
group by all
order by year, seller_region, buyer_region;

comment on table mart_pairs is '汇总：按年份与卖方、买方地区的合同数与金额（不分领域、类别、币种） / Mart: contracts and value by year and seller and buyer region (all fields, types and currencies)';
