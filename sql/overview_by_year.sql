-- Yearly totals behind the overview's KPI cards: contracts, value, the cross-border part and the
-- flows between the GBA and the YRD (both directions).
-- reads:    flows
-- grain:    year
-- measures: contracts = contracts, value = value, cross_border_contracts = contracts, cross_border_value = value, gba_to_yrd_value = value, yrd_to_gba_value = value
select
    year,
    sum(contracts) as contracts,
    {value} as value,
    sum(contracts) filter (where is_cross_border) as cross_border_contracts,
    {value:where is_cross_border} as cross_border_value,
    {value:where seller_bloc = 'GBA' and buyer_bloc = 'YRD'} as gba_to_yrd_value,
    {value:where seller_bloc = 'YRD' and buyer_bloc = 'GBA'} as yrd_to_gba_value
from {flows}
group by year
order by year
