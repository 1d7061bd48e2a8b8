-- The SME tier pyramid and the incubation pipeline, with the listing-cultivation pool in each
-- ($kind: tier, incubation, or all for both).
-- reads:    enterprises
-- grain:    kind, stage
-- measures: enterprises = enterprises @none, listing_pool = listing_pool @none, high_tech = high_tech @none
-- params:   kind = all
with stages as (
    select
        'tier' as kind,
        sme_tier as stage,
        count(*) as enterprises,
        count(*) filter (where in_listing_pool) as listing_pool,
        count(*) filter (where is_high_tech) as high_tech
    from enterprises as e
    where sme_tier <> 'none' and (list_contains($register_regions, '') or list_contains($register_regions, e.region_code))
    group by all
    union all
    select 'incubation', incubation_stage, count(*), count(*) filter (where in_listing_pool), count(*) filter (where is_high_tech)
    from enterprises as e
    where incubation_stage is not null and (list_contains($register_regions, '') or list_contains($register_regions, e.region_code))
    group by all
)

select * from stages
where $kind = 'all' or kind = $kind
order by kind desc, case stage when 'innovative' then 1 when 'specialized' then 2 when 'little_giant' then 3
    when 'seedbed' then 4 when 'incubator' then 5 when 'accelerator' then 6 when 'cluster' then 7 end
