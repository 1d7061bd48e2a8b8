-- Yearly flows between regions by field, type and currency: what the dashboard's views read.
-- Built at the end of every load, so a page never scans the contracts themselves.
create or replace table mart_flows as
with usd as (
    select year, cny_per_unit::double as cny_per_usd from fx_rates where currency = 'USD' and method = 'annual average'
),

final as (
    select
        year(c.signed_date)::smallint as year,
        c.seller_region,
        s.bloc as seller_bloc,
        s.province_code as seller_province,
        c.buyer_region,
        b.bloc as buyer_bloc,
        b.province_code as buyer_province,
        f.top_field_code,
        c.field_code,
        c.contract_type,
        c.currency,
        c.is_cross_border,
        count(*)::bigint as contracts,
        sum(c.amount_cny)::double as amount_cny,
        sum(c.tech_amount_cny)::double as tech_amount_cny,
        sum(c.amount_cny::double / usd.cny_per_usd) as amount_usd
    from contracts as c
    join regions as s on s.region_code = c.seller_region
    join regions as b on b.region_code = c.buyer_region
    join tech_fields as f on f.field_code = c.field_code
    left join usd on usd.year = year(c.signed_date)
    group by all
)

select * from final order by year, seller_region, buyer_region;

comment on table mart_flows is '汇总：按年份、卖方与买方地区、领域、类别、币种的合同数与金额 / Mart: contracts and value by year, seller and buyer region, field, type and currency';
