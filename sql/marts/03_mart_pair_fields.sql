-- Yearly flows between two regions by technology field (types and currencies together): for the
-- views that group or filter by field. queries.py picks it when no contract type is involved.
create or replace table {target} as
select
    year, seller_region, seller_bloc, seller_province, buyer_region, buyer_bloc, buyer_province, is_cross_border,
    cross_border_direction, partner_region,
    top_field_code, field_code,
    sum(contracts)::bigint as contracts,
    sum(amount_cny) as amount_cny,
    sum(tech_amount_cny) as tech_amount_cny,
    sum(amount_usd) as amount_usd
from {mart_flows}
group by all
order by year, top_field_code, seller_region, buyer_region;

comment on table mart_pair_fields is '汇总：按年份、卖方与买方地区、技术领域的合同数与金额（不分类别、币种） / Mart: contracts and value by year, seller and buyer region and field (all types and currencies)';
