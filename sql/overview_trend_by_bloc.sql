-- Contract value by the seller's bloc (technology output) and by the buyer's bloc (absorption), per year.
-- reads:    flows
-- grain:    year, bloc, direction
-- measures: contracts = contracts, value = value
with output as (
    select year, seller_bloc as bloc, 'output' as direction, sum(contracts) as contracts, {value} as value
    from {flows} group by all
),

absorb as (
    select year, buyer_bloc as bloc, 'absorb' as direction, sum(contracts) as contracts, {value} as value
    from {flows} group by all
)

select * from output
union all
select * from absorb
order by year, bloc, direction
