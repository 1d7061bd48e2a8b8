-- Share of cross-border value whose partner is in Hong Kong, by year.
select
    year,
    100 * sum({value_col}) filter (where seller_region = '810000' or buyer_region = '810000') / nullif(sum({value_col}), 0)
        as hk_share_pct,
    sum({value_col}) filter (where seller_region = '810000' or buyer_region = '810000') / {scale} as hk_value,
    {value} as value
from {flows}
where is_cross_border
group by year
order by year
