-- Share of cross-border value whose partner is in Hong Kong, by year: the years with any such contract.
-- reads:    flows
-- grain:    year
-- measures: hk_share_pct = via_hk_share, hk_value = value, value = value
select
    year,
    100 * {value:where seller_region = '810000' or buyer_region = '810000'} / nullif({value}, 0) as hk_share_pct,
    {value:where seller_region = '810000' or buyer_region = '810000'} as hk_value,
    {value} as value
from {flows}
where is_cross_border
group by year
having count(*) filter (where seller_region = '810000' or buyer_region = '810000') > 0
order by year
