-- Net technology output per bloc and year: value sold by the bloc's parties minus value they bought.
-- Flows inside a bloc count on both sides and cancel out.
-- reads:    flows
-- grain:    year, bloc
-- measures: output = value, absorb = value, net = value
with sides as (
    select year, seller_bloc as bloc, {amount} as output, 0.0 as absorb from {flows}
    union all
    select year, buyer_bloc as bloc, 0.0 as output, {amount} as absorb from {flows}
)

select
    s.year,
    s.bloc,
    {value:s.output} as output,
    {value:s.absorb} as absorb,
    {value:s.output} - {value:s.absorb} as net
from sides as s
group by all
order by s.year, s.bloc
