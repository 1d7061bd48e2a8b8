-- The 50 most active parties of each region, side and field over all years (and over all fields,
-- field_code null), ranked separately among parties with and without a credit code. A ranking over
-- all years of any set of regions is exact from these rows alone: each party belongs to one region,
-- so the top n (n <= 50) of a set of regions are among the top 50 of each. queries.py reads this
-- instead of scanning millions of party-years when no year or field filter narrows the ranking.
-- A load ranks again only the partitions (side, region, field) its change touches (etl/marts.py). The ranking is
-- by yuan: a ranking in dollars (whose order can differ, as rates change over the years) reads mart_party_years.
create or replace table {target} as
select * from {mart_party_totals}
qualify row_number() over (
    partition by side, region_code, field_code, party_id is null order by amount_cny desc, party_id, party_name
) <= 50
order by field_code nulls first, side, region_code;

comment on table mart_party_top is '汇总：各地区、各方向、各领域（及全部领域）全部年份最活跃的50个当事方 / Mart: the 50 most active parties of each region, side and field (and all fields) over all years';
