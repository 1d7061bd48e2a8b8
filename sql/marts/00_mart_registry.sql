-- Yearly flows between regions with the registry's own fields: subtype, IP type (and whether it is a
-- patent), the kinds of seller and buyer. The widest flows mart: queries.py reads it only when a query
-- or a filter involves those fields; mart_flows (01) is summed from it.
create or replace table {target} as
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
    -- "Outside the mainland" said once: a cross-border contract whose seller is outside bought technology from abroad
    case when not c.is_cross_border then null
         when not s.is_mainland then 'bought_from_abroad'
         else 'sold_abroad' end as cross_border_direction,
    -- ... and its partner outside the mainland: the seller when bought from abroad, else the buyer
    case when not c.is_cross_border then null
         when not s.is_mainland then c.seller_region
         else c.buyer_region end as partner_region,
    c.contract_subtype,
    c.ip_type,
    coalesce(i.is_patent, false) as is_patent,
    c.seller_kind,
    c.buyer_kind,
    -- 高校院所成果转化, said once: a university or research institute sells to an enterprise
    coalesce(c.seller_kind in ('university', 'research_institute') and c.buyer_kind = 'enterprise', false) as is_academic_transfer,
    sum(c.sign)::bigint as contracts,
    sum(c.sign * c.amount_cny)::double as amount_cny,
    sum(c.sign * c.tech_amount_cny)::double as tech_amount_cny,
    -- Dollars at the signing day's rate (fx_usd_daily), as a foreign-currency contract is converted to yuan
    sum(c.sign * c.amount_cny::double / u.cny_per_usd) as amount_usd
from {contracts} as c
join regions as s on s.region_code = c.seller_region
join regions as b on b.region_code = c.buyer_region
join tech_fields as f on f.field_code = c.field_code
left join ip_types as i on i.ip_type = c.ip_type
left join fx_usd_daily as u on u.day = c.signed_date
group by all
order by year, contract_type, seller_region, buyer_region;

comment on table mart_registry is '汇总：按年份、卖方与买方地区、领域、类别、币种、合同子类、知识产权类型、卖方与买方类型的合同数与金额 / Mart: contracts and value by year, seller and buyer region, field, type, currency, subtype, IP type and kinds of seller and buyer';
