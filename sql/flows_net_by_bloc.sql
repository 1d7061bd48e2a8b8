-- Net technology output per bloc and year: value sold by the bloc's parties minus value they bought.
-- Flows inside a bloc count on both sides and cancel out.
with sides as (
    select year, seller_bloc as bloc, {value_col} as output, 0.0 as absorb from {flows}
    union all
    select year, buyer_bloc as bloc, 0.0 as output, {value_col} as absorb from {flows}
)

select
    year,
    bloc,
    sum(output) / {scale} as output,
    sum(absorb) / {scale} as absorb,
    (sum(output) - sum(absorb)) / {scale} as net
from sides
group by all
order by year, bloc
