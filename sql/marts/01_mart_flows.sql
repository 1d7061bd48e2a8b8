-- Yearly flows between regions by field, type and currency: what the dashboard's views read.
-- Built at the end of every load, so a page never scans the contracts themselves. Summed from
-- mart_registry (00), which also has the registry's subtypes and party kinds.
create or replace table {target} as
select
    year, seller_region, seller_bloc, seller_province, buyer_region, buyer_bloc, buyer_province,
    top_field_code, field_code, contract_type, currency, is_cross_border, cross_border_direction, partner_region,
    sum(contracts)::bigint as contracts,
    sum(amount_cny) as amount_cny,
    sum(tech_amount_cny) as tech_amount_cny,
    sum(amount_usd) as amount_usd
from {mart_registry}
group by all
order by year, seller_region, buyer_region;

comment on table mart_flows is '汇总：按年份、卖方与买方地区、领域、类别、币种的合同数与金额 / Mart: contracts and value by year, seller and buyer region, field, type and currency';
