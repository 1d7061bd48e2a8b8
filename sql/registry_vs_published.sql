-- The registry's shares of one year's ($year; 0 for every year) contracts beside the published yearbook shares, over the
-- whole registry (the filters do not apply: shares of the nation's market).
-- Output groups contracts by the seller's province (技术输出), absorption by the buyer's (技术吸纳);
-- Hong Kong, Macao and Taiwan count together as HK-MO-TW and foreign economies as OTHER, as the
-- yearbook does. Shares are percentages of the year's total, in yuan as the yearbook publishes, so a
-- registry that samples the market can be compared with the published market.
-- reads:    flows
-- filters:  none
-- currency: CNY
-- grain:    year, direction, measure, geo_code
-- measures: published_share_pct = share @param, registry_share_pct = share @param, diff_pp = share @param
-- params:   year = 2023
with contract_geo as (
    select
        m.year,
        case when s.level = 'country' then 'OTHER'
             when s.region_code in ('810000', '820000', '710000') then 'HK-MO-TW'
             else s.province_code end as seller_geo,
        case when b.level = 'country' then 'OTHER'
             when b.region_code in ('810000', '820000', '710000') then 'HK-MO-TW'
             else b.province_code end as buyer_geo,
        m.contracts,
        {amount:m} as amount
    from {flows} as m
    join regions as s on s.region_code = m.seller_region
    join regions as b on b.region_code = m.buyer_region
    where $year = 0 or m.year = $year
),

by_side as (
    select year, 'output' as direction, seller_geo as geo_code, sum(contracts) as contracts, sum(amount) as amount
    from contract_geo group by all
    union all
    select year, 'absorb' as direction, buyer_geo as geo_code, sum(contracts) as contracts, sum(amount) as amount
    from contract_geo group by all
),

registry as (
    select year, direction, geo_code, 'tech_market_contracts_count' as measure,
        100 * contracts / sum(contracts) over (partition by year, direction) as registry_share_pct
    from by_side
    union all
    select year, direction, geo_code, 'tech_market_contract_value' as measure,
        100 * amount / sum(amount) over (partition by year, direction) as registry_share_pct
    from by_side
),

published as (
    select year, direction, geo_code, measure,
        100 * value::double / sum(value::double) over (partition by year, direction, measure) as published_share_pct,
        source_title
    from official_stats
    where measure in ('tech_market_contracts_count', 'tech_market_contract_value')
      and direction in ('output', 'absorb')
      and dataset = 'yearbook_provinces'  -- provinces, HK-MO-TW, OTHER; not the YRD aggregate
      and ($year = 0 or year = $year)
      and year in (select distinct year from contract_geo)
),

final as (
    select
        coalesce(p.year, r.year) as year,
        coalesce(p.direction, r.direction) as direction,
        coalesce(p.measure, r.measure) as measure,
        coalesce(p.geo_code, r.geo_code) as geo_code,
        p.published_share_pct,
        coalesce(r.registry_share_pct, 0) as registry_share_pct,
        coalesce(r.registry_share_pct, 0) - p.published_share_pct as diff_pp,
        p.source_title
    from published as p
    full join registry as r
        on r.year = p.year and r.direction = p.direction and r.measure = p.measure and r.geo_code = p.geo_code
)

select * from final order by year, direction, measure, geo_code
