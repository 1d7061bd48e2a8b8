-- Artificial-intelligence contracts sold by GBA parties, by city and year.
select r.name_zh, r.name_en, year(c.signed_date) as year, count(*) as contracts, round(sum(c.amount_cny) / 1e8, 2) as value_cny_100m
from contracts as c
join regions as r on r.region_code = c.seller_region
where c.field_code = 'ai' and r.bloc = 'GBA'
group by all
order by year, value_cny_100m desc
