-- The enterprise register in the selected regions: enterprises, high-tech enterprises and those in the
-- listing-cultivation pool (the register as it is now, not a sum over years).
-- reads:    enterprises
-- measures: enterprises = enterprises @none, high_tech = high_tech @none, listing_pool = listing_pool @none
select
    count(*) as enterprises,
    count(*) filter (where e.is_high_tech) as high_tech,
    count(*) filter (where e.in_listing_pool) as listing_pool
from enterprises as e
where list_contains($register_regions, '') or list_contains($register_regions, e.region_code)
