-- Yearly totals behind the overview's KPI cards: contracts, value, the cross-border part and the
-- flows between the GBA and the YRD (both directions).
select
    year,
    sum(contracts) as contracts,
    {value} as value,
    sum(contracts) filter (where is_cross_border) as cross_border_contracts,
    sum({value_col}) filter (where is_cross_border) / {scale} as cross_border_value,
    sum({value_col}) filter (where seller_bloc = 'GBA' and buyer_bloc = 'YRD') / {scale} as gba_to_yrd_value,
    sum({value_col}) filter (where seller_bloc = 'YRD' and buyer_bloc = 'GBA') / {scale} as yrd_to_gba_value
from {flows}
group by year
order by year
