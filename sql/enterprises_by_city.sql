-- Enterprises and high-tech enterprises by city (regions as the filters select them), the $top with
-- the most high-tech enterprises.
-- reads:    enterprises
-- grain:    region_code, region_name, bloc
-- measures: enterprises = enterprises @none, high_tech = high_tech @none, listing_pool = listing_pool @none
-- params:   top = 20
select
    e.region_code,
    r.{name} as region_name,
    r.bloc,
    count(*) as enterprises,
    count(*) filter (where e.is_high_tech) as high_tech,
    count(*) filter (where e.in_listing_pool) as listing_pool
from enterprises as e
join regions as r on r.region_code = e.region_code
where list_contains($register_regions, '') or list_contains($register_regions, e.region_code)
group by all
order by high_tech desc, e.region_code
limit $top
