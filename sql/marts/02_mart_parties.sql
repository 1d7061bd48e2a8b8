-- Each party's yearly activity as seller and as buyer, for the most-active rankings.
create or replace table {target} as
with sides as (
    select year(signed_date)::smallint as year, 'seller' as side, seller_id as party_id, seller_name as party_name,
        seller_region as region_code, field_code, sign, sign * amount_cny::double as amount_cny, signed_date
    from {contracts}
    union all
    select year(signed_date)::smallint, 'buyer', buyer_id, buyer_name, buyer_region, field_code, sign, sign * amount_cny::double,
        signed_date
    from {contracts}
),

final as (
    select
        s.year, s.side, s.party_id, s.party_name, s.region_code, r.bloc, f.top_field_code, s.field_code,
        sum(s.sign)::bigint as contracts,
        sum(s.amount_cny) as amount_cny,
        sum(s.amount_cny / u.cny_per_usd) as amount_usd  -- at the signing day's rate (fx_usd_daily)
    from sides as s
    join regions as r on r.region_code = s.region_code
    join tech_fields as f on f.field_code = s.field_code
    left join fx_usd_daily as u on u.day = s.signed_date
    group by all
)

-- Sorted by field, then year: a board's query for one field reads only that field's row groups.
select * from final order by field_code, year, side;

comment on table mart_parties is '汇总：各当事方每年作为卖方和买方的合同数与金额 / Mart: each party''s yearly contracts and value as seller and as buyer';
