-- The SME tier pyramid and the incubation pipeline, with the listing-cultivation pool in each.
select
    'tier' as kind,
    sme_tier as stage,
    count(*) as enterprises,
    count(*) filter (where in_listing_pool) as listing_pool,
    count(*) filter (where is_high_tech) as high_tech
from enterprises as e
where sme_tier <> 'none' and (list_contains($regions, '') or list_contains($regions, e.region_code))
group by all
union all
select 'incubation', incubation_stage, count(*), count(*) filter (where in_listing_pool), count(*) filter (where is_high_tech)
from enterprises as e
where incubation_stage is not null and (list_contains($regions, '') or list_contains($regions, e.region_code))
group by all
